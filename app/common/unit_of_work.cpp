#include "app/common/unit_of_work.hpp"

#include <algorithm>

#include "app/common/messages.hpp"
#include "storage/plan/region_store.hpp"
#include "storage/search/search.hpp"

namespace kyosei::app {

UnitOfWork::Changed& UnitOfWork::mark(long long region_id, const std::string& slug) {
  for (auto& c : changed_) {
    if (c.region_id == region_id) return c;
  }
  changed_.push_back({region_id, slug, false, {}});
  return changed_.back();
}

void UnitOfWork::changed(long long region_id, const std::string& slug) {
  mark(region_id, slug).whole = true;
}

void UnitOfWork::changed(long long region_id, const std::string& slug, storage::SearchRef ref) {
  auto& c = mark(region_id, slug);
  if (std::find(c.refs.begin(), c.refs.end(), ref) == c.refs.end())
    c.refs.push_back(std::move(ref));
}

void UnitOfWork::changed_unindexed(long long region_id, const std::string& slug) {
  mark(region_id, slug);
}

void UnitOfWork::audit(storage::AuditEntry entry) { audit_.push_back(std::move(entry)); }

void UnitOfWork::finish() {
  for (const auto& c : changed_) {
    storage::advance_change_counter(session_, c.region_id);
    if (c.whole) {
      storage::SearchIndex(db_).rebuild(session_, c.slug);
    } else if (!c.refs.empty()) {
      storage::SearchIndex(db_).update(session_, c.region_id, c.refs);
    }
  }
  changed_.clear();
  if (!audit_.empty()) db_.lock_audit_chain(session_);
  for (auto& e : audit_) storage::append_audit(session_, std::move(e));
  audit_.clear();
}

namespace detail {

void audit_refusal(storage::Database& db, storage::AuditEntry entry) {
  db.write([&](storage::Session& session) { storage::append_audit(session, std::move(entry)); });
}

Error duplicate_key_error() { return error_of(Errc::kConflict, msg::common::duplicate_key); }

}  // namespace detail
}  // namespace kyosei::app
