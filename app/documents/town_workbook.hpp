#pragma once
// A town's workbook for a round (issue 14, item 2: the download): the town's task list of
// the round (app::Progress::tasks, with its permission: the town itself or the secretariat)
// as an .xlsx pre-filled with its actions and summed KPIs (exchange/workbook/town_workbook).
// Reading a filled workbook back: workbook_import.hpp.

#include <boost/json.hpp>
#include <string>

namespace kyosei::app::documents {

// `tasks` is the answer of app::Progress::tasks; `slug` and `region_name` name the region.
std::string town_workbook_xlsx(const boost::json::object& tasks, const std::string& slug,
                               const std::string& region_name);

}  // namespace kyosei::app::documents
