#include "http/server/router.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <set>
#include <stdexcept>
#include <string_view>

#include "app/common/error.hpp"
#include "core/common/utf8.hpp"
#include "http/server/problem.hpp"

namespace kyosei::http {

namespace {

// Splits "/a/b/c" into {"a","b","c"}; "/" into {""}; keeps empty segments ("/a//b").
// REQUIRES: path starts with '/'.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  for (;;) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

Response internal_error() {
  return problem_response(
      app::Error{app::Errc::kInternal,
                 "予期しないエラーが発生しました。時間をおいて再度お試しください。",
                 "An unexpected error occurred. Please try again later.",
                 {}});
}

// 400 naming `name` (a query parameter or a path parameter).
Response bad_part(std::string detail_ja, std::string detail_en, std::string name,
                  std::string field_ja, std::string field_en) {
  app::Error e{app::Errc::kBadRequest, std::move(detail_ja), std::move(detail_en), {}};
  e.fields.push_back({std::move(name), std::move(field_ja), std::move(field_en)});
  return problem_response(e);
}

// A name from the request as a problem may quote it: valid UTF-8 or its bytes as \xNN.
std::string quotable(std::string_view s) {
  if (core::is_valid_utf8(s)) return std::string(s.substr(0, 100));
  std::string out;
  for (char c : s.substr(0, 100)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out.push_back(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

// The raw (still percent-encoded) path of a request target holds an encoded slash.
bool has_encoded_slash(std::string_view target) {
  target = target.substr(0, target.find('?'));
  for (std::size_t i = 0; i + 2 < target.size(); ++i) {
    if (target[i] == '%' && target[i + 1] == '2' && (target[i + 2] == 'F' || target[i + 2] == 'f'))
      return true;
  }
  return false;
}

// 400 for an encoded slash in the path or a query parameter that is not UTF-8.
std::optional<Response> malformed_parts(const Request& request) {
  if (has_encoded_slash(request.target)) {
    return bad_part("URLのパスに符号化されたスラッシュ（%2F）は使えません。",
                    "An encoded slash (%2F) is not allowed in the URL path.", "path",
                    "パスの区切り以外に / は使えません", "a / may only separate path segments");
  }
  for (const auto& [key, value] : request.query) {
    if (!core::is_valid_utf8(key) || !core::is_valid_utf8(value)) {
      const std::string name = quotable(key);
      return bad_part("パラメータ「" + name + "」がUTF-8として正しくありません。",
                      "Query parameter '" + name + "' is not valid UTF-8.", name,
                      "UTF-8 で送ってください", "send it as UTF-8");
    }
  }
  return std::nullopt;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler h) {
  if (method.empty() || !h) throw std::invalid_argument("Router::add: empty method or handler");
  if (pattern.empty() || pattern.front() != '/')
    throw std::invalid_argument("Router::add: pattern must start with '/': " + pattern);
  Route route{method, pattern, {}, std::move(h)};
  std::set<std::string> names;
  for (std::string_view seg : split_path(pattern)) {
    if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
      std::string name(seg.substr(1, seg.size() - 2));
      if (name.empty() || name.find_first_of("{}/") != std::string::npos ||
          !names.insert(name).second)
        throw std::invalid_argument("Router::add: bad or repeated parameter in " + pattern);
      route.segments.push_back({std::move(name), true});
    } else {
      if (seg.find_first_of("{}") != std::string_view::npos)
        throw std::invalid_argument("Router::add: stray brace in " + pattern);
      route.segments.push_back({std::string(seg), false});
    }
  }
  for (const auto& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern)
      throw std::invalid_argument("Router::add: duplicate route " + method + " " + pattern);
  }
  routes_.push_back(std::move(route));
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

void Router::run_on_workers(const std::string& method, const std::string& pattern) {
  for (auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) {
      r.on_workers = true;
      return;
    }
  }
  throw std::invalid_argument("run_on_workers: no route " + method + " " + pattern);
}

bool Router::matches(const Route& r, const std::vector<std::string_view>& parts) {
  if (r.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = r.segments[i];
    if (seg.is_param ? parts[i].empty() : seg.text != parts[i]) return false;
  }
  return true;
}

bool Router::more_specific(const Route& a, const Route& b) {
  for (std::size_t i = 0; i < a.segments.size(); ++i) {
    if (a.segments[i].is_param != b.segments[i].is_param) return !a.segments[i].is_param;
  }
  return false;
}

bool Router::on_workers(const Request& request) const {
  const std::string_view path = request.path.empty() ? std::string_view("/") : request.path;
  if (path.front() != '/') return false;
  const auto parts = split_path(path);
  for (const auto& r : routes_) {
    // A marked route with parameters could lose to a more specific literal route; the
    // marked routes have no parameters, so a match is the route dispatch() runs.
    if (r.on_workers && r.method == request.method && matches(r, parts)) return true;
  }
  return false;
}

Response Router::dispatch(const Request& request) const {
  bool handled = false;
  Response res = dispatch_unobserved(request, handled);
  if (!handled && refusal_observer_ && res.status >= 400) refusal_observer_(request, res, "");
  return res;
}

void Router::refused(const Request& request, const Response& response) const {
  if (refusal_observer_) refusal_observer_(request, response, pattern_of(request));
}

std::string Router::pattern_of(const Request& request) const {
  const std::string_view path = request.path;
  if (path.empty() || path.front() != '/') return {};
  const auto parts = split_path(path);
  const Route* best = nullptr;
  for (const auto& r : routes_) {
    if (r.method == request.method && matches(r, parts) && (!best || more_specific(r, *best)))
      best = &r;
  }
  return best ? best->pattern : std::string();
}

Response Router::dispatch_unobserved(const Request& request, bool& handled) const {
  const std::string_view path = request.path.empty() ? std::string_view("/") : request.path;
  if (path.front() != '/') {
    return problem_response(app::Error{app::Errc::kNotFound, "", "", {}});
  }
  if (auto bad = malformed_parts(request)) return std::move(*bad);
  const auto parts = split_path(path);

  const bool head = request.method == "HEAD";
  const Route* best = nullptr;      // matching route with the requested method
  const Route* best_get = nullptr;  // matching GET route, for HEAD fallback
  std::set<std::string> allowed;
  for (const auto& r : routes_) {
    if (!matches(r, parts)) continue;
    allowed.insert(r.method);
    if (r.method == request.method) {
      if (!best || more_specific(r, *best)) best = &r;
    } else if (head && r.method == "GET") {
      if (!best_get || more_specific(r, *best_get)) best_get = &r;
    }
  }
  if (allowed.empty()) {
    if (fallback_) {
      if (auto r = fallback_(request)) {
        handled = true;  // the web front end's files answered
        return std::move(*r);
      }
    }
    return problem_response(app::Error{app::Errc::kNotFound,
                                       "指定されたURLは存在しません。",
                                       "No resource exists at this URL.",
                                       {}});
  }
  const bool via_get = !best && best_get;
  const Route* route = best ? best : best_get;
  if (!route) {
    if (allowed.count("GET")) allowed.insert("HEAD");
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    Response res =
        problem_response(app::Error{app::Errc::kMethodNotAllowed,
                                    "このURLでは " + request.method + " は使用できません。",
                                    request.method + " is not allowed on this URL.",
                                    {}});
    res.headers.emplace_back("Allow", allow);
    return res;
  }

  PathParams params;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!route->segments[i].is_param) continue;
    const std::string& name = route->segments[i].text;
    if (!core::is_valid_utf8(parts[i])) {
      return bad_part("パスの「" + name + "」がUTF-8として正しくありません。",
                      "Path parameter '" + name + "' is not valid UTF-8.", name,
                      "UTF-8 で送ってください", "send it as UTF-8");
    }
    params.emplace(name, std::string(parts[i]));
  }
  Response res;
  handled = true;
  try {
    res = route->handler(request, params);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", route->method, route->pattern, e.what());
    return internal_error();
  } catch (...) {
    spdlog::error("handler {} {} threw a non-std exception", route->method, route->pattern);
    return internal_error();
  }
  if (via_get) {
    res.headers.emplace_back("Content-Length", std::to_string(res.body.size()));
    res.body.clear();
  }
  return res;
}

}  // namespace kyosei::http
