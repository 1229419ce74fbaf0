#include "http/api/response.hpp"

#include "http/api/messages.hpp"

namespace kyosei::http {

namespace json = boost::json;

std::string to_text(const json::value& v) { return json::serialize(v); }

Response json_response(const json::value& v) {
  Response r;
  r.body = to_text(v);
  return r;
}

Response uncached_json_response(const json::value& v) {
  Response r = json_response(v);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response json_or_problem(const std::variant<json::object, app::Error>& out) {
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  return json_response(std::get<json::object>(out));
}

Response uncached_json_or_problem(const std::variant<json::object, app::Error>& out) {
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  return uncached_json_response(std::get<json::object>(out));
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response record_response(const app::RecordOutcome& out) {
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  const auto& rec = std::get<app::Record>(out);
  Response r = json_response(rec.data);
  r.headers.emplace_back("ETag", rec.etag());
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response created_response(const app::RecordOutcome& out) {
  Response r = record_response(out);
  if (std::holds_alternative<app::Record>(out)) r.status = 201;
  return r;
}

app::Error invalid_input(std::vector<app::FieldError> fields) {
  return app::Error{app::Errc::kValidationFailed, msg::api::invalid_input.ja(),
                    msg::api::invalid_input.en(), std::move(fields)};
}

}  // namespace kyosei::http
