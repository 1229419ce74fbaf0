#pragma once
// The one If-Match rule of every versioned record (RFC 9110 §13.1.1): who writes, the
// version they saw, what happens when it is stale, and how a refused write is audited.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/common/error.hpp"
#include "app/common/principal.hpp"
#include "storage/audit/audit_store.hpp"

namespace kyosei::app {

struct Record {
  boost::json::object data;  // includes "id" and "version"
  long long version = 0;
  std::string etag() const { return "\"v" + std::to_string(version) + "\""; }
};

using RecordOutcome = std::variant<Record, Error>;
using ListOutcome = std::variant<boost::json::array, Error>;

// Who does it and what they sent as a precondition.
struct EditContext {
  const Principal* who = nullptr;
  std::optional<long long> if_match;  // parsed If-Match version; nullopt = header absent
};
// `If-Match: *` (RFC 9110 §13.1.1): matches any current representation of the record (a
// record that does not exist yet is not matched: creating a year by PUT ignores If-Match).
inline constexpr long long kIfMatchAny = -2;

// The If-Match rule of every versioned record (RFC 9110). `current_version` is the record's
// version, or nullopt when there is no record yet (then If-Match must be absent; `*` does
// not match a missing record). nullopt when the write may go ahead; else 428 (If-Match
// missing) or 412 with the current ETag and `current_json` (so the client can show both).
std::optional<Error> precondition_error(const EditContext& ctx,
                                        std::optional<long long> current_version,
                                        const std::string& current_json = {});

// Who writes, as the audit trail names them: the signed-in login, or "system" for the
// operator's command line (no one signed in).
std::string actor_of(const EditContext& ctx);

// The audit entry of a write by `ctx` (who, from where) to the record `type`/`id` of the
// region `slug`; the use case adds the time, the images and the reason.
storage::AuditEntry audit_entry(const EditContext& ctx, const std::string& slug, std::string action,
                                std::string type, std::string id);

// The audit entry of a write that `precondition_error` refused with 412: who, the record,
// the version they sent and the one that is current.
storage::AuditEntry rejected_write(const EditContext& ctx, const std::string& slug,
                                   const std::string& record_type, const std::string& record_id,
                                   long long current_version, const std::string& current_json = {});

}  // namespace kyosei::app
