#pragma once
// `kyosei audit verify`: checks the audit trail's hash chain (storage/audit/audit_store.hpp).

#include "storage/audit/audit_store.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

// Walks the whole chain in one read; `ok` false names the first entry that does not fit.
storage::AuditVerification verify_audit_trail(storage::Database& db);

}  // namespace kyosei::app
