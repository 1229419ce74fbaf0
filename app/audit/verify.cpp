#include "app/audit/verify.hpp"

namespace kyosei::app {

storage::AuditVerification verify_audit_trail(storage::Database& db) {
  storage::AuditVerification v;
  db.with_session([&](storage::Session& sql) { v = storage::verify_audit(sql); });
  return v;
}

}  // namespace kyosei::app
