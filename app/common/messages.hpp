#pragma once
// Messages shared by every feature's use cases (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/common/messages.yaml, compiled into this header.
#include "app/common/error.hpp"
#include "kyosei/messages/common.hpp"

namespace kyosei::app {

// An Error whose detail is `m` in both languages, filled with `args`.
template <typename... A>
Error error_of(Errc code, const Message& m, const A&... args) {
  return Error{code, m.ja(args...), m.en(args...), {}};
}
// A FieldError at `pointer` saying `m`.
template <typename... A>
FieldError field_error(std::string pointer, const Message& m, const A&... args) {
  return FieldError{std::move(pointer), m.ja(args...), m.en(args...)};
}
// 422 with the field problems.
inline Error invalid(std::vector<FieldError> fields) {
  const std::string n = std::to_string(fields.size());
  return Error{Errc::kValidationFailed, msg::common::invalid_input.ja(n),
               msg::common::invalid_input.en(n), std::move(fields)};
}
// 404 for a missing region.
inline Error region_not_found(const std::string& slug) {
  return error_of(Errc::kRegionNotFound, msg::common::region_not_found, slug);
}

}  // namespace kyosei::app
