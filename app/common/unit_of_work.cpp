#include "app/common/unit_of_work.hpp"

#include <algorithm>

#include "app/common/messages.hpp"
#include "storage/plan/region_store.hpp"
#include "storage/search/search.hpp"

namespace kyosei::app {

void UnitOfWork::changed(long long region_id, const std::string& slug) {
  const bool known = std::any_of(changed_.begin(), changed_.end(),
                                 [&](const auto& c) { return c.first == region_id; });
  if (!known) changed_.emplace_back(region_id, slug);
}

void UnitOfWork::audit(storage::AuditEntry entry) {
  storage::append_audit(session_, std::move(entry));
}

void UnitOfWork::finish() {
  for (const auto& [region_id, slug] : changed_) {
    storage::advance_change_counter(session_, region_id);
    storage::SearchIndex(db_).rebuild(session_, slug);
  }
  changed_.clear();
}

namespace detail {

void audit_refusal(storage::Database& db, storage::AuditEntry entry) {
  db.write([&](storage::Session& session) { storage::append_audit(session, std::move(entry)); });
}

Error duplicate_key_error() { return error_of(Errc::kConflict, msg::common::duplicate_key); }

}  // namespace detail
}  // namespace kyosei::app
