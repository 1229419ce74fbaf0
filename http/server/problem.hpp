#pragma once
// The ONE mapping from kyosei::app::Errc to HTTP status and RFC 9457 problem details.
// Every Errc enumerator is handled in problem_type() without a default branch, so a new
// enumerator makes the compiler warn (-Wswitch) and problem_test fails until it is mapped.

#include <string_view>

#include "app/common/error.hpp"
#include "http/server/message.hpp"

namespace kyosei::http {

// Static description of one problem type. The strings point to static storage.
struct ProblemType {
  unsigned status;             // 400..599
  std::string_view type_slug;  // "region-not-found"; the type URI is "/problems/<slug>"
  std::string_view title_ja;
  std::string_view title_en;
};

// Media type of every problem response.
inline constexpr std::string_view kProblemContentType = "application/problem+json";

// Status, slug and titles for an error code. Pure; thread-safe.
ProblemType problem_type(app::Errc code);

// Builds an application/problem+json response (RFC 9457):
//   {"type":"/problems/<slug>","title":<title_ja>,"title_en":...,"status":N,
//    "detail":<detail_ja>,"detail_en":..., "errors":[{"pointer","message","message_en"}]}
// "detail"/"detail_en" fall back to the titles when the error carries none; "errors" is
// present only when error.fields is non-empty. Sets Cache-Control: no-store.
Response problem_response(const app::Error& error);

// Same shape for a problem that has no app::Errc (e.g. 431 from the transport layer).
Response problem_response(const ProblemType& type, std::string_view detail_ja,
                          std::string_view detail_en);

}  // namespace kyosei::http
