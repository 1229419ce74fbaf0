#pragma once
// The codes (stable, stored and sent in JSON) and Japanese labels of an enum's values, listed
// in the enum's order: the enum must count 0, 1, 2, ... (no explicit values).

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace kyosei::core {

template <typename E, std::size_t N>
struct EnumNames {
  std::array<std::pair<std::string_view, std::string_view>, N> v;  // code, label
  constexpr std::string_view code(E e) const { return v[static_cast<std::size_t>(e)].first; }
  constexpr std::string_view label(E e) const { return v[static_cast<std::size_t>(e)].second; }
  // The value whose code or label is `s`.
  constexpr std::optional<E> from(std::string_view s) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (v[i].first == s || v[i].second == s) return static_cast<E>(i);
    }
    return std::nullopt;
  }
};

}  // namespace kyosei::core

// Defines label(E), code(E) and `from_name`(std::string_view) over the EnumNames `table`
// (inside namespace kyosei::core, where the header declares them).
#define KYOSEI_ENUM_NAMES(E, from_name, table)             \
  std::string_view label(E e) { return (table).label(e); } \
  std::string_view code(E e) { return (table).code(e); }   \
  std::optional<E> from_name(std::string_view s) { return (table).from(s); }
