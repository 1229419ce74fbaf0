#pragma once
// Reading API requests: the JSON body, If-Match, the query parameters a route accepts, the
// region slug of the path. Each check returns the problem response to send, or the value.

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"
#include "http/server/message.hpp"

namespace kyosei::http {

// JSON bodies stay small; the server's own limit is larger for evidence uploads.
inline constexpr std::size_t kMaxJsonBytes = 1024 * 1024;
// No list in a request body is longer (a round's scope of fields, a year's topics, KPI
// yearly targets…; some fields have a smaller limit of their own): 422 naming the list.
inline constexpr std::size_t kMaxJsonArrayItems = 1000;

// The JSON pointer (below `pointer`) of the first array in `v` longer than
// kMaxJsonArrayItems, or nullopt.
std::optional<std::string> overlong_array(const boost::json::value& v, const std::string& pointer);

// The JSON pointer of the first number in `v` too large for a double (read as infinity,
// which JSON cannot represent), or nullopt.
std::optional<std::string> non_finite_number(const boost::json::value& v,
                                             const std::string& pointer);

// The body as a JSON object (Content-Type application/json, ≤ kMaxJsonBytes, depth ≤ 32,
// no key twice in an object, no list over kMaxJsonArrayItems, no number beyond a double's
// range) with every string in NFC
// (app::normalize_strings), or the problem response to send (415, 413, 400, 422).
std::variant<boost::json::object, Response> json_body(const Request& req);

// json_body(), then `f(object)`; the problem response when the body is refused.
template <typename F>
Response with_json_body(const Request& req, F&& f) {
  auto body = json_body(req);
  if (auto* e = std::get_if<Response>(&body)) return std::move(*e);
  return f(std::get<boost::json::object>(body));
}

// with_json_body(), but an empty body is an empty object.
template <typename F>
Response with_optional_json_body(const Request& req, F&& f) {
  if (req.body.empty()) return f(boost::json::object{});
  return with_json_body(req, std::forward<F>(f));
}

// If-Match: "v12" → 12; * → any current version (RFC 9110). Anything else (weak tags,
// lists, junk) never matches a version (-1); nullopt when absent.
std::optional<long long> if_match_version(const Request& req);

// The principal and If-Match of a write.
app::EditContext edit_ctx(const Request& req, Ctx& ctx);

// A Content-Type header taken apart: the media type and charset in lower case, and the
// names of any other parameters.
struct MediaType {
  std::string name;
  std::optional<std::string> charset;
  std::vector<std::string> others;
};
MediaType media_type(std::string_view header);

// A region slug is 1–64 of a-z, 0-9 and '-'; else 404 naming the slug.
std::optional<Response> check_slug(const std::string& slug);

// 400 for a query parameter not in `known`, or one given more than once.
std::optional<Response> reject_unknown_params(const Request& req,
                                              std::initializer_list<std::string_view> known);

// A FieldError for each key of `keys` that is absent from `o` or not a string.
std::vector<app::FieldError> missing_strings(const boost::json::object& o,
                                             std::initializer_list<const char*> keys);

// A read of the region's vision in the ?fy= year (the plan period's rules, 和暦 input):
// `answer(vision)`, or the problem.
template <typename Answer>
Response vision_in_year(ApiServices* s, const Request& req, const std::string& slug,
                        Answer&& answer) {
  if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
  return answer_or_problem(s->app.vision().vision(slug, req.param("fy")),
                           std::forward<Answer>(answer));
}

}  // namespace kyosei::http
