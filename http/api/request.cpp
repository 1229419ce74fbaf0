#include "http/api/request.hpp"

#include <cctype>
#include <cmath>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "http/api/json_keys.hpp"
#include "http/api/messages.hpp"
#include "http/api/response.hpp"
#include "http/server/problem.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {

std::string trimmed_lower(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  std::string out(s.substr(b, e - b + 1));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

MediaType media_type(std::string_view header) {
  MediaType out;
  std::size_t pos = header.find(';');
  out.name = trimmed_lower(header.substr(0, pos));
  while (pos != std::string_view::npos) {
    const std::size_t next = header.find(';', pos + 1);
    const std::string_view param = header.substr(
        pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1);
    const auto eq = param.find('=');
    const std::string key = trimmed_lower(param.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : trimmed_lower(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (key == "charset") {
      out.charset = value;
    } else if (!key.empty()) {
      out.others.push_back(key);
    }
    pos = next;
  }
  return out;
}

namespace {

// A member name as a JSON pointer token (RFC 6901: "~" → "~0", "/" → "~1").
std::string json_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> non_finite_number(const json::value& v, const std::string& pointer) {
  if (v.is_double() && !std::isfinite(v.get_double()))
    return pointer.empty() ? std::string("/") : pointer;
  if (const auto* a = v.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (auto found = non_finite_number((*a)[i], pointer + "/" + std::to_string(i))) return found;
    }
  } else if (const auto* o = v.if_object()) {
    for (const auto& [k, e] : *o) {
      if (auto found = non_finite_number(e, pointer + "/" + json_pointer_token(k))) return found;
    }
  }
  return std::nullopt;
}

std::optional<std::string> overlong_array(const json::value& v, const std::string& pointer) {
  if (const auto* a = v.if_array()) {
    if (a->size() > kMaxJsonArrayItems) return pointer.empty() ? std::string("/") : pointer;
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (auto found = overlong_array((*a)[i], pointer + "/" + std::to_string(i))) return found;
    }
  } else if (const auto* o = v.if_object()) {
    for (const auto& [k, e] : *o) {
      if (auto found = overlong_array(e, pointer + "/" + json_pointer_token(k))) return found;
    }
  }
  return std::nullopt;
}

std::variant<json::object, Response> json_body(const Request& req) {
  // Exactly application/json (RFC 8259 §8.1: UTF-8), with no parameter but charset=utf-8.
  const auto type = media_type(req.header("content-type"));
  if (type.name != "application/json" || !type.others.empty())
    return problem_response(
        app::error_of(app::Errc::kUnsupportedMediaType, msg::api::json_content_type));
  if (type.charset && *type.charset != "utf-8") {
    return problem_response(
        app::error_of(app::Errc::kUnsupportedMediaType, msg::api::json_charset, *type.charset));
  }
  if (req.body.size() > kMaxJsonBytes) {
    return problem_response(app::error_of(app::Errc::kPayloadTooLarge, msg::api::json_too_large,
                                          std::to_string(kMaxJsonBytes)));
  }
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 32;
  json::value v = json::parse(req.body, ec, {}, opts);
  if (ec) {
    app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::json_malformed, ec.message());
    e.fields.push_back(app::field_error("", msg::api::json_malformed_field));
    return problem_response(e);
  }
  if (!v.is_object())
    return problem_response(invalid_input({app::field_error("", msg::api::json_not_object)}));
  if (auto dup = duplicate_json_key(req.body, opts.max_depth)) {
    app::Error e = app::error_of(app::Errc::kBadRequest, msg::api::json_duplicate_key, *dup);
    e.fields.push_back(app::field_error(*dup, msg::api::json_duplicate_key_field));
    return problem_response(e);
  }
  if (auto long_list = overlong_array(v, "")) {
    return problem_response(invalid_input({app::field_error(*long_list, msg::common::too_many_items,
                                                            std::to_string(kMaxJsonArrayItems))}));
  }
  // A number beyond double's range reads as infinity, which JSON cannot write back.
  if (auto huge = non_finite_number(v, "")) {
    return problem_response(
        invalid_input({app::field_error(*huge, msg::api::json_number_out_of_range)}));
  }
  app::normalize_strings(v);  // every text and name is stored in NFC
  return std::move(v.as_object());
}

std::optional<long long> if_match_version(const Request& req) {
  const std::string h = req.header("if-match");
  if (h.empty()) return std::nullopt;
  if (h == "*") return app::kIfMatchAny;
  if (h.size() >= 4 && h.front() == '"' && h.back() == '"' && h[1] == 'v') {
    try {
      std::size_t used = 0;
      const std::string digits = h.substr(2, h.size() - 3);
      const long long v = std::stoll(digits, &used);
      if (used == digits.size()) return v;
    } catch (const std::exception&) {
    }
  }
  return -1;
}

app::EditContext edit_ctx(const Request& req, Ctx& ctx) {
  return app::EditContext{&ctx.principal, if_match_version(req)};
}

namespace {
bool valid_slug(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// 400 about query parameter `k`.
Response bad_param(const std::string& k, const Message& detail, const Message& field) {
  app::Error e = app::error_of(app::Errc::kBadRequest, detail, k);
  e.fields.push_back(app::field_error(k, field));
  return problem_response(e);
}
}  // namespace

std::optional<Response> check_slug(const std::string& slug) {
  if (valid_slug(slug)) return std::nullopt;
  app::Error e = app::region_not_found(slug);
  e.fields.push_back(app::field_error("/slug", msg::api::bad_slug));
  return problem_response(e);
}

std::optional<Response> reject_unknown_params(const Request& req,
                                              std::initializer_list<std::string_view> known) {
  for (const auto& [k, v] : req.query) {
    bool ok = false;
    for (auto n : known) ok = ok || n == k;
    if (!ok) return bad_param(k, msg::api::unknown_param, msg::api::unknown_param_field);
  }
  if (req.query.size() > 1) {
    std::set<std::string> seen;
    for (const auto& [k, v] : req.query) {
      if (!seen.insert(k).second)
        return bad_param(k, msg::api::repeated_param, msg::api::repeated_param_field);
    }
  }
  return std::nullopt;
}

std::vector<app::FieldError> missing_strings(const json::object& o,
                                             std::initializer_list<const char*> keys) {
  std::vector<app::FieldError> errors;
  for (const char* k : keys) {
    if (!o.contains(k) || !o.at(k).is_string())
      errors.push_back(app::field_error(std::string("/") + k, msg::api::required_string));
  }
  return errors;
}

}  // namespace kyosei::http
