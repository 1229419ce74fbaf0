#include "http/api/progress_json.hpp"

#include <boost/json.hpp>

#include "app/plan/vision.hpp"
#include "app/progress/record_json.hpp"

namespace kyosei::http {

namespace json = boost::json;

json::object to_json(const app::ProgressList& list) {
  json::array items;
  for (const auto& item : list.items) {
    auto o = app::action_ref_json(item.action);
    json::array records;
    for (const auto& r : item.records) records.push_back(app::progress_json(r));
    o["records"] = std::move(records);
    o["status"] = item.status ? json::value(app::status_json(*item.status)) : json::value(nullptr);
    o["progress_percent"] = app::percent_json(item.progress_percent);
    o["evaluation"] = item.evaluation ? json::value(app::evaluation_json(*item.evaluation))
                                      : json::value(nullptr);
    items.push_back(std::move(o));
  }
  return {{"fiscal_year", app::fiscal_year_json(list.fiscal_year)}, {"items", std::move(items)}};
}

}  // namespace kyosei::http
