// libFuzzer target: JSON request bodies as every handler reads them (http/api/request.cpp
// json_body: media type, size, depth, the duplicate-key check of http/api/json_keys.cpp,
// the list limit, NFC).
// Properties: never crashes; a refusal is a problem+json 400, 413, 415 or 422; an accepted
// body is an object that has no key twice, no list over the limit, only NFC strings, and
// that serialises to JSON which parses back to the same value (doubles to the last bits).

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "app/common/text.hpp"
#include "http/api/json_keys.hpp"
#include "http/api/request.hpp"
#include "http/server/problem.hpp"

namespace {

namespace json = boost::json;

void require(bool ok) {
  if (!ok) std::abort();
}

// Every string (and member name) in `v` is already in NFC.
bool all_nfc(const json::value& v) {
  if (const auto* s = v.if_string()) return kyosei::app::to_nfc(*s) == std::string_view(*s);
  if (const auto* a = v.if_array()) {
    for (const auto& e : *a)
      if (!all_nfc(e)) return false;
    return true;
  }
  if (const auto* o = v.if_object()) {
    for (const auto& [k, e] : *o)
      if (kyosei::app::to_nfc(k) != std::string_view(k) || !all_nfc(e)) return false;
  }
  return true;
}

// `a` and `b` are the same JSON value; a double may differ in its last bit, since the
// parser reads numbers fast rather than exactly (Boost.JSON's default).
bool same(const json::value& a, const json::value& b) {
  if (a.is_double() || b.is_double()) {
    if (!a.is_number() || !b.is_number()) return false;
    const double x = a.to_number<double>();
    const double y = b.to_number<double>();
    if (!std::isfinite(x) || !std::isfinite(y)) return x == y;
    return std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (const auto* arr = a.if_array()) {
    const auto& other = b.as_array();
    if (arr->size() != other.size()) return false;
    for (std::size_t i = 0; i < arr->size(); ++i)
      if (!same((*arr)[i], other[i])) return false;
    return true;
  }
  if (const auto* obj = a.if_object()) {
    const auto& other = b.as_object();
    if (obj->size() != other.size()) return false;
    for (const auto& [k, v] : *obj) {
      const auto* w = other.if_contains(k);
      if (w == nullptr || !same(v, *w)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kyosei::http;
  // A first byte below 8 picks another media type (and is not part of the body), so the
  // type checks are fuzzed too; any other input is the body of an application/json request.
  static const char* const kTypes[] = {"application/json; charset=utf-8",
                                       "application/json; charset=\"UTF-8\"",
                                       "application/jsonx",
                                       "application/json; charset=iso-8859-1",
                                       "text/plain",
                                       "",
                                       "application/json; boundary=x",
                                       "APPLICATION/JSON"};
  const bool typed = size > 0 && data[0] < 8;
  const std::string text(reinterpret_cast<const char*>(data) + (typed ? 1 : 0),
                         size - (typed ? 1 : 0));
  Request req;
  req.method = "POST";
  req.target = "/api/v1/x";
  req.path = "/api/v1/x";
  req.headers["content-type"] = typed ? kTypes[data[0]] : "application/json";
  req.body = text;
  auto out = json_body(req);
  if (const auto* refused = std::get_if<Response>(&out)) {
    const unsigned s = refused->status;
    require(s == 400 || s == 413 || s == 415 || s == 422);
    require(refused->content_type == kProblemContentType);
    boost::system::error_code ec;
    const auto problem = json::parse(refused->body, ec);
    require(!ec && problem.is_object() && problem.as_object().contains("type"));
    return 0;
  }
  const auto& body = std::get<json::object>(out);
  require(!duplicate_json_key(text));
  require(!overlong_array(json::value(body), ""));
  require(!non_finite_number(json::value(body), ""));
  require(all_nfc(body));
  const std::string again = json::serialize(body);
  boost::system::error_code ec;
  const auto reparsed = json::parse(again, ec);
  require(!ec && same(reparsed, json::value(body)));
  require(!duplicate_json_key(again));
  // The handlers' helper for required strings never throws on any accepted body.
  (void)missing_strings(body, {"name", "text", "reason"});
  return 0;
}
