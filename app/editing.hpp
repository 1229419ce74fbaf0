#pragma once
// The editing use cases: read, create, update and delete the records of a region's vision,
// one write transaction each, with optimistic versions, whole-region validation before
// commit, the region's change counter advanced and an audit entry written.
// Records travel as Boost.JSON objects (the field names are the API's).
// Thread-safe.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/auth.hpp"
#include "app/error.hpp"
#include "storage/audit_store.hpp"
#include "storage/database.hpp"

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

// The audit entry of a write that `precondition_error` refused with 412: who, the record,
// the version they sent and the one that is current.
storage::AuditEntry rejected_write(const EditContext& ctx, const std::string& slug,
                                   const std::string& record_type, const std::string& record_id,
                                   long long current_version, const std::string& current_json = {});

// The rule for every free text of the API (editing, KPIs, progress): no control characters
// but newline and tab, at most `max_bytes` (4000 unless a field is shorter), not blank when
// required. (The JSON parser has already refused invalid UTF-8.) A FieldError at
// `pointer`, or nullopt.
std::optional<FieldError> text_problem(const std::string& pointer, const std::string& text,
                                       bool required, std::size_t max_bytes = 4000);

class Editing {
 public:
  explicit Editing(storage::Database& db) : db_(db) {}

  // Resource names: municipalities, agreements, policy-areas, fields, categories,
  // initiatives, actions. Keys are ids, or codes for municipalities.
  static bool known_resource(const std::string& resource);

  ListOutcome list(const std::string& slug, const std::string& resource);
  RecordOutcome get(const std::string& slug, const std::string& resource, const std::string& key);
  RecordOutcome create(const std::string& slug, const std::string& resource,
                       const boost::json::object& body, const EditContext& ctx);
  RecordOutcome update(const std::string& slug, const std::string& resource, const std::string& key,
                       const boost::json::object& body, const EditContext& ctx);
  std::optional<Error> remove(const std::string& slug, const std::string& resource,
                              const std::string& key, const EditContext& ctx);

  // The region's own fields (name, plan period…).
  RecordOutcome get_region(const std::string& slug);
  RecordOutcome update_region(const std::string& slug, const boost::json::object& body,
                              const EditContext& ctx);

  // A category's lifecycle: add a transition / remove the one starting in `fy`.
  RecordOutcome add_stage(const std::string& slug, const std::string& category_id,
                          const boost::json::object& body, const EditContext& ctx);
  RecordOutcome remove_stage(const std::string& slug, const std::string& category_id,
                             const std::string& fy, const EditContext& ctx);

  // A category's content for a fiscal year (direction, topics); PUT creates or replaces.
  RecordOutcome get_year(const std::string& slug, const std::string& category_id,
                         const std::string& fy);
  RecordOutcome put_year(const std::string& slug, const std::string& category_id,
                         const std::string& fy, const boost::json::object& body,
                         const EditContext& ctx);

  // One municipality joins or leaves an action. If-Match is the action's version.
  RecordOutcome set_participation(const std::string& slug, const std::string& action_id,
                                  const std::string& code, bool participate,
                                  const EditContext& ctx);

  // Region lookup for permission checks: (exists, published).
  std::optional<bool> region_published(const std::string& slug);

 private:
  storage::Database& db_;
};

}  // namespace kyosei::app
