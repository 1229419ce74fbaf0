#pragma once
// KPI read models (list with a fiscal year's achievement, per-year series) and the entry of
// actuals. Figures are exact decimals rendered as text; sample (サンプル) KPIs say so.
// Thread-safe.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/plan/editing.hpp"
#include "app/common/error.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

class Kpis {
 public:
  explicit Kpis(storage::Database& db) : db_(db) {}

  // Every KPI of the region with its achievement in `fiscal_year_text` (absent: the current
  // fiscal year clamped to the plan period). {"fiscal_year":…, "items":[…]}.
  std::variant<boost::json::object, Error> list(const std::string& slug,
                                                const std::optional<std::string>& fiscal_year_text);

  // Baseline, targets and actuals by year (and by town for summed KPIs), with rate and grade.
  std::variant<boost::json::object, Error> series(const std::string& slug,
                                                  const std::string& kpi_id);

  // Enters or replaces one actual: the KPI's value of a fiscal year, or one town's value of a
  // summed KPI (`municipality` non-empty). Body {"value": "123.4", "note": "…"}. An existing
  // actual needs If-Match with its version; a new one must not send If-Match.
  RecordOutcome put_actual(const std::string& slug, const std::string& kpi_id,
                           const std::string& fy, const std::string& municipality,
                           const boost::json::object& body, const EditContext& ctx);

  // KPI definitions (secretariat). Body: category_id, name, unit, direction, baseline
  // {fiscal_year, value}, target {…}, yearly_targets [{fiscal_year, value}], cumulative,
  // summed, decimal_places, data_source. An update needs If-Match, and a change of the
  // baseline or of any target needs "reason", which is kept in the KPI's history.
  RecordOutcome create(const std::string& slug, const boost::json::object& body,
                       const EditContext& ctx);
  RecordOutcome update(const std::string& slug, const std::string& kpi_id,
                       const boost::json::object& body, const EditContext& ctx);
  // The target changes of a KPI, oldest first, with who, when, why, before and after.
  std::variant<boost::json::object, Error> history(const std::string& slug,
                                                   const std::string& kpi_id);

 private:
  RecordOutcome write_definition(const std::string& slug, const std::string* kpi_id,
                                 const boost::json::object& body, const EditContext& ctx);
  storage::Database& db_;
};

}  // namespace kyosei::app
