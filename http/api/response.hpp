#pragma once
// Building API responses: JSON bodies, 204, records with their ETag, 422.

#include <boost/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "http/server/message.hpp"
#include "http/server/problem.hpp"

namespace kyosei::http {

std::string to_text(const boost::json::value& v);
// 200 with `v` as the JSON body.
Response json_response(const boost::json::value& v);
// json_response() with Cache-Control: no-store.
Response uncached_json_response(const boost::json::value& v);
// The object, or the problem of the error.
Response json_or_problem(const std::variant<boost::json::object, app::Error>& out);
// The same with Cache-Control: no-store on success.
Response uncached_json_or_problem(const std::variant<boost::json::object, app::Error>& out);
// A typed read model serialised by `encode` (one of the to_json functions of
// http/api/*_json.hpp), or the problem of the error; `cache` false adds no-store.
template <typename T, typename Encode>
Response encoded_or_problem(const std::variant<T, app::Error>& out, Encode&& encode,
                            bool cache = true) {
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  const auto& body = encode(std::get<T>(out));
  return cache ? json_response(body) : uncached_json_response(body);
}
// The JSON array of `items`, each encoded by `encode`.
template <typename Items, typename Encode>
boost::json::array json_array(const Items& items, Encode&& encode) {
  boost::json::array out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(encode(item));
  return out;
}
// `answer(value)` for a read that succeeded, or the problem of the error.
template <typename T, typename Answer>
Response answer_or_problem(const std::variant<T, app::Error>& out, Answer&& answer) {
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  return answer(std::get<T>(out));
}
Response no_content();
// A stored upload (evidence, a meeting material) as a download: its SHA-256 as the ETag (304
// when If-None-Match names it), always an attachment, never rendered in the application's
// origin; the real name only as RFC 8187 percent-encoded UTF-8 after an ASCII `fallback` name
// that cannot break out of the header.
Response stored_file_response(const Request& req, const std::string& sha256, std::string media_type,
                              std::string content, const std::string& file_name,
                              const std::string& fallback);
// The record with its ETag (no-store), or the problem.
Response record_response(const app::RecordOutcome& out);
// record_response() with 201 for a record that was created.
Response created_response(const app::RecordOutcome& out);
// 422 with the field problems.
app::Error invalid_input(std::vector<app::FieldError> fields);

}  // namespace kyosei::http
