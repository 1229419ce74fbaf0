#include "app/progress/period_lock.hpp"

#include "app/progress/messages.hpp"
#include "core/common/fiscal_year.hpp"
#include "core/progress/progress.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

bool is_secretariat(const Principal* who, const std::string& slug) {
  if (who == nullptr) return true;  // the operator's CLI
  if (who->is_admin) return true;
  for (const auto& r : who->roles) {
    if (r.region_slug == slug && r.role == kRoleSecretariat) return true;
  }
  return false;
}

std::optional<Error> period_lock(storage::Session& session, const Principal* who,
                                 const std::string& slug, long long region_id, int fiscal_year,
                                 const std::string& municipality, long long field_id,
                                 long long kpi_id) {
  auto state =
      storage::period_state(session, region_id, fiscal_year, municipality, field_id, kpi_id);
  if (!state || core::editable(*state, is_secretariat(who, slug))) return std::nullopt;
  if (*state == core::SubmissionState::kConfirmed) {
    const auto& m = msg::progress::period_confirmed;
    return Error{
        Errc::kLocked,
        msg::progress::town_in_year.ja(core::wareki_label(fiscal_year), municipality) + m.ja(),
        m.en(),
        {}};
  }
  return Error{Errc::kLocked,
               msg::progress::period_submitted.ja(),
               msg::progress::period_submitted.en(),
               {}};
}

void fail_if_locked(UnitOfWork& unit, const Principal* who, const std::string& slug,
                    long long region_id, int fiscal_year, const std::string& municipality,
                    long long field_id, long long kpi_id, storage::AuditEntry refusal) {
  if (auto locked = period_lock(unit.session(), who, slug, region_id, fiscal_year, municipality,
                                field_id, kpi_id))
    fail(std::move(*locked), std::move(refusal));
}

}  // namespace kyosei::app
