#pragma once
// KPI read models (list with a fiscal year's achievement, per-year series) and the entry of
// actuals. Figures are exact decimals rendered as text; sample (サンプル) KPIs say so.
// Every write is one unit of work (app/common/unit_of_work.hpp). Thread-safe.
//
// Files: kpis.cpp (reads, actuals), definitions.cpp (KPI definitions, target history),
// views.hpp (read models), messages.hpp. A town's actual of a summed KPI is locked by the
// data-collection rounds of app/progress (period_lock.hpp).

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "app/common/unit_of_work.hpp"
#include "app/kpi/views.hpp"
#include "storage/common/database.hpp"
#include "storage/kpi/kpi_store.hpp"

namespace kyosei::app {

// The one JSON record format of a KPI's definition (write answers, the audit trail, and
// the KPIs inside the read models).
boost::json::object kpi_json(const storage::StoredKpi& kpi);

class Kpis {
 public:
  explicit Kpis(storage::Database& db, const Clock& clock = system_clock())
      : db_(db), clock_(clock) {}

  // Every KPI of the region with its achievement in `fiscal_year_text` (absent: the current
  // fiscal year clamped to the plan period).
  std::variant<KpiList, Error> list(const std::string& slug,
                                    const std::optional<std::string>& fiscal_year_text);

  // Baseline, targets and actuals by year (and by town for summed KPIs), with rate and grade.
  std::variant<KpiSeries, Error> series(const std::string& slug, const std::string& kpi_id);

  // The writes below each run as one unit of work; each also exists as a use case on a
  // UnitOfWork the caller runs, refusing with app::fail.

  // Enters or replaces one actual: the KPI's value of a fiscal year, or one town's value of a
  // summed KPI (`municipality` non-empty). Body {"value": "123.4", "note": "…"}. An existing
  // actual needs If-Match with its version; a new one must not send If-Match.
  RecordOutcome put_actual(const std::string& slug, const std::string& kpi_id,
                           const std::string& fy, const std::string& municipality,
                           const boost::json::object& body, const EditContext& ctx);
  static Record put_actual(UnitOfWork& unit, const std::string& slug, const std::string& kpi_id,
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
  // create (kpi_id null) or update in the caller's unit.
  static Record write_definition(UnitOfWork& unit, const std::string& slug,
                                 const std::string* kpi_id, const boost::json::object& body,
                                 const EditContext& ctx);
  // The target changes of a KPI, oldest first, with who, when, why, before and after.
  std::variant<KpiHistory, Error> history(const std::string& slug, const std::string& kpi_id);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace kyosei::app
