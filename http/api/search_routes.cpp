#include <boost/json.hpp>

#include "app/search/search.hpp"
#include "http/api/request.hpp"
#include "http/api/response.hpp"
#include "http/api/routes.hpp"

namespace kyosei::http {

namespace json = boost::json;

namespace {

// The hits as the search page reads them (fiscal_year null when the hit has none).
Response search_json(const app::SearchResult& found) {
  json::array hits;
  for (const auto& h : found.hits) {
    hits.push_back(json::object{
        {"kind", h.kind},
        {"record_id", h.record_id},
        {"field", h.field},
        {"category_id", h.category_id},
        {"page_id", h.page_id},
        {"fiscal_year", h.fiscal_year == 0 ? json::value(nullptr) : json::value(h.fiscal_year)},
        {"snippet", h.snippet},
        {"match_begin", h.match_begin},
        {"match_length", h.match_length}});
  }
  json::array towns;
  for (const auto& m : found.municipalities)
    towns.push_back(json::object{{"code", m.code}, {"name", m.name}});
  return json_response(json::object{
      {"query", found.query}, {"municipalities", std::move(towns)}, {"hits", std::move(hits)}});
}

}  // namespace

void add_search_routes(RouteTable& t, ApiServices* s) {
  t.add("GET", "/api/v1/regions/{slug}/search", app::Policy::kPublicRegionRead,
        [s](const Request& req, const PathParams& p, Ctx& ctx) {
          if (auto bad = reject_unknown_params(req, {"q", "limit"})) return *bad;
          const auto found = s->app.search().search(p.at("slug"), req.param("q"),
                                                    req.param("limit"), ctx.principal);
          return answer_or_problem(found, search_json);
        });
}

}  // namespace kyosei::http
