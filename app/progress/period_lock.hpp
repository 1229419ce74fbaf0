#pragma once
// The period lock of data-collection rounds (docs/progress.md, "Locking"): while a town's
// submission is 提出済, its records of the round's year and scope can be changed only by
// the secretariat; once 確定, by no one until the secretariat reopens it.
//
// The lock belongs to progress (rounds decide it) but guards two features' records: the
// towns' progress records and evidence here, and the towns' values of summed KPIs in
// app/kpi. Both ask this header; it needs nothing of either feature but a storage query
// (storage::period_state) and the submission rule (core::editable).

#include <optional>
#include <string>

#include "app/common/error.hpp"
#include "app/common/principal.hpp"
#include "app/common/unit_of_work.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

// Whether `who` acts for the region's secretariat (an admin, or the operator's CLI when
// null).
bool is_secretariat(const Principal* who, const std::string& slug);

// Whether `who` may change `municipality`'s records of a fiscal year (a progress record of
// an action in field `field_id`, or its value of KPI `kpi_id`): nullopt when allowed, else
// the 409 period-locked error. `who` null = the operator.
std::optional<Error> period_lock(storage::Session& session, const Principal* who,
                                 const std::string& slug, long long region_id, int fiscal_year,
                                 const std::string& municipality, long long field_id,
                                 long long kpi_id);

// The same as a refusal inside a unit of work: when the period is locked, fails the unit
// with the 409 and audits `refusal` (whose after_json should say why) after the rollback.
void fail_if_locked(UnitOfWork& unit, const Principal* who, const std::string& slug,
                    long long region_id, int fiscal_year, const std::string& municipality,
                    long long field_id, long long kpi_id, storage::AuditEntry refusal);

}  // namespace kyosei::app
