#pragma once
// Internal to the editing use cases (app/plan/editing.cpp, region_and_years.cpp): the API's
// resources (their fields, JSON names and types, and the table each maps onto), the
// conversion of request bodies to column values and of rows to JSON, and the steps every
// edit shares (region lookup, If-Match, whole-region validation, the audit entry).
// Functions that refuse call `fail` (app/common/unit_of_work.hpp).

#include <boost/json/object.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/common/precondition.hpp"
#include "app/common/unit_of_work.hpp"
#include "storage/plan/plan_store.hpp"

namespace kyosei::app::plan_edits::detail {

// A field's type in the API.
enum class T {
  kText,
  kOptText,
  kInt,
  kBool,
  kFy,
  kDate,
  kCode,
  kOptCode,
  kIntList,
  kRef,
  kOptRef,
  kEnum
};

struct F {
  const char* json;
  const char* column;
  T type;
  bool required;   // on create
  bool updatable;  // by PATCH
  std::vector<std::string> allowed = {};
};

// One resource of the API: its name, the audit's record type, its table and its fields.
struct Def {
  const char* name;
  const char* record_type;
  storage::PlanTable table;
  std::vector<F> fields;
  std::vector<storage::PlanColumn> columns() const;
};

const Def* find_def(const std::string& name);
const Def& region_def();

// A body's fields converted to column values (in the body's order).
using Values = std::vector<std::pair<const F*, storage::Cell>>;

// Converts the fields of `body` for a create (all required present) or an update; fails
// with 422 on unknown, unchangeable or malformed fields. `extra_keys` are handled by the
// caller; "id" and "version" are ignored.
Values convert_body(const Def& d, const boost::json::object& body, bool create,
                    std::initializer_list<std::string_view> extra_keys = {});
std::vector<std::pair<storage::PlanColumn, storage::Cell>> columns_of(const Values& values);

// References (policy_area_id, field_id, initiative_id) must name a record of this region.
void check_references(storage::Session& sql, long long region_id, const Values& values);

// 404 naming `what` ("category 12", "stage R8", …).
Error not_found(const std::string& what);

// The region, or fail with 404.
storage::RegionRef require_region(storage::Session& sql, const std::string& slug);

// A row as the API's JSON: id, version, the fields in order (initiatives and actions also
// category_id, fiscal_year), then an action's participants or a category's stages.
boost::json::object record_json(storage::Session& sql, const Def& d, const storage::PlanRow& row);
// The record `key` of the region as JSON, or nullopt.
std::optional<boost::json::object> fetch(storage::Session& sql, const Def& d, long long region_id,
                                         const std::string& key);
// The same, or fail with 404 naming `what` (e.g. "category 12").
boost::json::object require(storage::Session& sql, const Def& d, long long region_id,
                            const std::string& key, const std::string& what);

// A category's content for one fiscal year as JSON, or nullopt.
std::optional<boost::json::object> fetch_year(storage::Session& sql, long long year_id);

// Resolves (category_id, fiscal_year) to the category-year row (0 when there is none),
// creating it when asked; fails with 422 for a category of another region or a fiscal year
// out of range.
long long category_year(storage::Session& sql, long long region_id, long long category_id,
                        long long fy, bool create, bool* created = nullptr);

// The If-Match rule on `current`; a 412 is audited after the rollback.
void check_precondition(const EditContext& ctx, const boost::json::object& current,
                        const std::string& slug, const std::string& type, const std::string& key);

// The end of every edit: whole-region validation on the uncommitted state (problems fail
// with 422), the region marked changed, and the audit entry of the change.
struct Change {
  std::string action;  // create / update / delete / stage-add / …
  std::string record_type;
  std::string record_id;
  std::string before_json;  // "" for a create
  std::string after_json;   // "" for a delete
};
void finish_edit(UnitOfWork& u, const EditContext& ctx, const std::string& slug,
                 long long region_id, Change change);
// The audit entry of `change` by the context's principal ("system" without one).
storage::AuditEntry audit_entry(const EditContext& ctx, const std::string& slug, Change change);

// The record with its version.
Record record_of(boost::json::object o);

// "R7", "2025", … or fail with 400/422; a number key, or fail with 404 naming `what`.
long long parse_year_or_fail(const std::string& fy_text);
long long parse_id_or_fail(const std::string& key, const std::string& what);

}  // namespace kyosei::app::plan_edits::detail
