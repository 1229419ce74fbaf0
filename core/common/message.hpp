#pragma once
// Message catalogues: every text a user or operator reads — errors, field problems, CLI
// output — is a keyed entry with its Japanese and English side by side, kept in one
// catalogue per feature, a data file beside the code that uses it
// (`core/plan/messages.yaml`, `app/progress/messages.yaml`, `cli/messages.yaml`, …), so
// that wording is reviewed in one place and one thing is always called by one name.
//
// The build turns each catalogue into a header (tools/messages/generate.cpp →
// generated/kyosei/messages/<feature>.hpp, included by the feature's messages.hpp) with
// one constant per entry in namespace `kyosei::msg::<feature>` and an array `all`:
//
//   … msg::plan::region_not_found.ja(slug) …
//
// `{}` marks an argument, filled in order; both languages take the same arguments (the
// generator refuses a catalogue where they differ). tests/messages_test.cpp checks that
// every catalogue is listed, keys are unique, texts are non-empty and every key is used
// somewhere in the sources as msg::<feature>::<key>.
// Pure, constexpr data; thread-safe.

#include <initializer_list>
#include <string>
#include <string_view>

namespace kyosei {

// Fills each `{}` in `pattern` with the next argument; extra `{}` stay as they are.
inline std::string fill_message(std::string_view pattern,
                                std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(pattern.size() + 16);
  auto arg = args.begin();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && arg != args.end()) {
      out.append(*arg++);
      ++i;
    } else {
      out.push_back(pattern[i]);
    }
  }
  return out;
}

struct Message {
  std::string_view feature;  // the catalogue: "plan", "progress", …
  std::string_view name;     // the key within it
  std::string_view ja_pattern;
  std::string_view en_pattern;

  template <typename... A>
  std::string ja(const A&... args) const {
    return fill_message(ja_pattern, {std::string_view(args)...});
  }
  template <typename... A>
  std::string en(const A&... args) const {
    return fill_message(en_pattern, {std::string_view(args)...});
  }
};

}  // namespace kyosei
