#include "http/api/response.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

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

Response stored_file_response(const Request& req, const std::string& sha256, std::string media_type,
                              std::string content, const std::string& file_name,
                              const std::string& fallback) {
  const std::string etag = "\"" + sha256 + "\"";
  if (req.header("if-none-match") == etag) {
    Response unchanged = no_content();
    unchanged.status = 304;
    unchanged.headers.emplace_back("ETag", etag);
    return unchanged;
  }
  Response r;
  r.status = 200;
  r.content_type = std::move(media_type);
  r.body = std::move(content);
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" +
                             boost::urls::encode(file_name, boost::urls::unreserved_chars));
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Cache-Control", "private, no-cache");
  return r;
}

}  // namespace kyosei::http
