#pragma once
// The editing use cases: read, create, update and delete the records of a region's vision,
// one write transaction each, with optimistic versions, whole-region validation before
// commit, the region's change counter advanced and an audit entry written.
// Records travel as Boost.JSON objects (the field names are the API's). The writes run
// as units of work (app/common/unit_of_work.hpp); the SQL is in storage/plan/plan_store.
// Thread-safe.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/access/auth.hpp"
#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "app/common/text.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

class UnitOfWork;  // app/common/unit_of_work.hpp

class Editing {
 public:
  explicit Editing(storage::Database& db) : Editing(db, system_clock()) {}
  Editing(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

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
  const Clock& clock_;
};

// The writes of Editing inside a unit of work the caller runs (several may share one, e.g.
// a workbook import). They refuse with `fail` (the unit rolls back) and return the record
// as written; an unknown resource is 404.
namespace plan_edits {
Record create(UnitOfWork& u, const std::string& slug, const std::string& resource,
              const boost::json::object& body, const EditContext& ctx);
Record update(UnitOfWork& u, const std::string& slug, const std::string& resource,
              const std::string& key, const boost::json::object& body, const EditContext& ctx);
void remove(UnitOfWork& u, const std::string& slug, const std::string& resource,
            const std::string& key, const EditContext& ctx);
Record update_region(UnitOfWork& u, const std::string& slug, const boost::json::object& body,
                     const EditContext& ctx);
Record add_stage(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                 const boost::json::object& body, const EditContext& ctx);
Record remove_stage(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                    const std::string& fy, const EditContext& ctx);
Record put_year(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                const std::string& fy, const boost::json::object& body, const EditContext& ctx);
Record set_participation(UnitOfWork& u, const std::string& slug, const std::string& action_id,
                         const std::string& code, bool participate, const EditContext& ctx);
}  // namespace plan_edits

}  // namespace kyosei::app
