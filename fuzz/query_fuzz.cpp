// libFuzzer target: a request target as the server reads it (Boost.URL origin form, the
// path percent-decoded, the query split) dispatched by the router to a region route whose
// handler reads the query like the API's year-bound reads (http/api/request.cpp:
// reject_unknown_params, the region slug; core::parse_fiscal_year for ?fy=).
// Properties: never crashes or throws; an encoded slash never reaches a handler; a handler
// sees only well-formed UTF-8 in path parameters and query names and values, and path
// parameters without '/'; every answer is 200 or a problem+json 400/404/405.

#include <boost/url.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/common/fiscal_year.hpp"
#include "core/common/utf8.hpp"
#include "http/api/request.hpp"
#include "http/server/problem.hpp"
#include "http/server/router.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

bool encoded_slash(std::string_view target) {
  target = target.substr(0, target.find('?'));
  for (std::size_t i = 0; i + 2 < target.size(); ++i) {
    if (target[i] == '%' && target[i + 1] == '2' && (target[i + 2] == 'f' || target[i + 2] == 'F'))
      return true;
  }
  return false;
}

const kyosei::http::Router& router() {
  using namespace kyosei::http;
  static const Router r = [] {
    Router out;
    auto handler = [](const Request& req, const PathParams& p) {
      require(!encoded_slash(req.target));
      for (const auto& [k, v] : p) {
        require(kyosei::core::is_valid_utf8(v));
        require(v.find('/') == std::string::npos && !v.empty());
      }
      for (const auto& [k, v] : req.query)
        require(kyosei::core::is_valid_utf8(k) && kyosei::core::is_valid_utf8(v));
      if (auto bad = check_slug(p.at("slug"))) return *bad;
      if (auto bad = reject_unknown_params(req, {"fy", "q"})) return *bad;
      Response ok;
      if (auto fy = req.param("fy")) {
        const auto parsed = kyosei::core::parse_fiscal_year(*fy);
        if (parsed.year) {
          require(*parsed.year >= kyosei::core::kMinFiscalYear &&
                  *parsed.year <= kyosei::core::kMaxFiscalYear);
        } else {
          require(!parsed.error_en.empty());
        }
      }
      return ok;
    };
    out.add("GET", "/api/v1/regions/{slug}/kpis", handler);
    out.add("GET", "/api/v1/regions/{slug}/kpis/{id}/series", handler);
    out.add("GET", "/api/v1/regions/{slug}/categories/{id}/years/{fy}", handler);
    return out;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kyosei::http;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // As the server builds a Request (http/server/server.cpp handle()).
  auto url = boost::urls::parse_origin_form(input);
  if (!url) return 0;
  Request req;
  req.method = "GET";
  req.target = std::string(input);
  req.path = url->path();
  for (auto p : url->params()) req.query.emplace(p.key, p.has_value ? p.value : std::string());
  if (req.path.empty() || req.path.front() != '/') return 0;
  const Response res = router().dispatch(req);
  require(res.status == 200 || res.status == 400 || res.status == 404 || res.status == 405);
  if (res.status != 200) require(res.content_type == kProblemContentType);
  if (encoded_slash(input)) require(res.status == 400);
  return 0;
}
