#pragma once
// A town's workbook for a round (issue 14, item 2: the download): the town's task list of
// the round (app::Progress::tasks, with its permission: the town itself or the secretariat)
// as an .xlsx pre-filled with its actions and summed KPIs (exchange/workbook/town_workbook).
// Every town's workbook of a round as one zip, for the secretariat (round_workbooks_zip).
// Reading a filled workbook back: workbook_import.hpp.

#include <boost/json.hpp>
#include <cstddef>
#include <string>
#include <variant>

#include "app/common/error.hpp"
#include "app/common/principal.hpp"
#include "app/progress/progress.hpp"
#include "core/common/fiscal_year.hpp"

namespace kyosei::app::documents {

// `tasks` is the answer of app::Progress::tasks; `slug` and `region_name` name the region.
std::string town_workbook_xlsx(const boost::json::object& tasks, const std::string& slug,
                               const std::string& region_name);

// The most bytes of workbooks put into one zip (a region has a few dozen towns at most; a
// round's workbook is tens of KiB): over it the answer is 409 naming the per-town download.
inline constexpr std::size_t kMaxRoundZipBytes = std::size_t{64} * 1024 * 1024;

// Every town's workbook of the round (the towns of its submissions, in code order) as one
// zip, one entry "{code}_{name}.xlsx" per town: each exactly what GET …/workbooks/{code} answers
// that caller. The caller checks the route's policy (the secretariat); `who` is passed to each
// town's task list. `max_bytes` bounds the workbooks' bytes together (409 over it); the route
// uses the default, tests a smaller bound (as XlsxLimits and the read-model cache's bound).
std::variant<std::string, Error> round_workbooks_zip(Progress& progress, const std::string& slug,
                                                     const std::string& region_name,
                                                     const std::string& round_id,
                                                     const core::Date& today, const Principal& who,
                                                     std::size_t max_bytes = kMaxRoundZipBytes);

// A byte count as the refusal says it: whole MiB when it is, else KiB rounded up ("64 MiB").
std::string size_words(std::size_t bytes);

}  // namespace kyosei::app::documents
