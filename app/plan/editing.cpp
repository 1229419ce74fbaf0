// The editing use cases on the resource tables: list, get, create, update and delete.
// (The region, stages, yearly content and participation are in region_and_years.cpp.)

#include "app/plan/editing.hpp"

#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/common/precondition.hpp"
#include "app/plan/editions.hpp"
#include "app/plan/messages.hpp"
#include "app/plan/resources.hpp"
#include "core/plan/region.hpp"

namespace kyosei::app {

namespace json = boost::json;
using storage::PlanTable;
using namespace plan_edits::detail;

namespace {

const Def& require_def(const std::string& resource) {
  const Def* d = find_def(resource);
  if (d == nullptr) fail(not_found(resource));
  return *d;
}

bool under_year(const Def& d) {
  return d.table == PlanTable::kInitiatives || d.table == PlanTable::kActions;
}

// An action's participants as sent: an array of codes, or fail with 422.
std::vector<std::string> participant_codes(const json::value& v) {
  auto refuse = [] { fail(invalid({field_error("/participants", msg::plan::must_be_codes)})); };
  if (!v.is_array()) refuse();
  std::vector<std::string> codes;
  for (const auto& e : v.as_array()) {
    if (!e.is_string()) refuse();
    codes.emplace_back(e.as_string());
  }
  return codes;
}

// An action's participants (when sent) and its main initiative's year, after a write.
void write_action_parts(storage::Session& sql, long long id, const json::object& body) {
  if (body.contains("participants"))
    storage::replace_participants(sql, id, participant_codes(body.at("participants")));
  if (storage::initiative_of_other_year(sql, id))
    fail(invalid({field_error("/initiative_id", msg::plan::initiative_other_year)}));
}

// The record as written, or fail: a reference that left the region hides the row.
json::object written(storage::Session& sql, const Def& d, long long region_id,
                     const std::string& key) {
  auto o = fetch(sql, d, region_id, key);
  if (!o) fail(error_of(Errc::kValidationFailed, msg::plan::reference_elsewhere));
  return std::move(*o);
}

// The category-year a new initiative or action goes under (created when missing, which is
// a change of its own in the audit trail).
long long year_for_new_row(UnitOfWork& u, const EditContext& ctx, const std::string& slug,
                           long long region_id, const json::object& body) {
  std::vector<FieldError> errors;
  for (const char* k : {"category_id", "fiscal_year"}) {
    if (!body.contains(k) || !body.at(k).is_int64())
      errors.push_back(field_error(std::string("/") + k, msg::plan::integer_required));
  }
  if (!errors.empty()) fail(invalid(std::move(errors)));
  const long long cid = body.at("category_id").as_int64();
  const long long fy = body.at("fiscal_year").as_int64();
  bool year_created = false;
  const long long year_id = category_year(u.session(), region_id, cid, fy, true, &year_created);
  if (year_created) {
    u.audit(audit_entry(ctx, slug,
                        {"create", "category_year", std::to_string(cid) + "/" + std::to_string(fy),
                         "", json::serialize(*fetch_year(u.session(), year_id))}));
  }
  return year_id;
}

// A new category starts its lifecycle: 候補 from the plan's first year unless given.
void first_stage(storage::Session& sql, long long region_id, long long category_id,
                 const json::object& body) {
  std::string stage = "candidate";
  if (body.contains("stage")) {
    std::optional<core::Stage> st;
    if (body.at("stage").is_string())
      st = core::stage_from(std::string(body.at("stage").as_string()));
    if (!st) fail(invalid({field_error("/stage", msg::plan::stage_choice)}));
    stage = std::string(core::code(*st));
  }
  long long fy = storage::plan_from(sql, region_id);
  if (body.contains("from_fiscal_year")) {
    if (!body.at("from_fiscal_year").is_int64())
      fail(invalid({field_error("/from_fiscal_year", msg::plan::fiscal_year_integer)}));
    fy = body.at("from_fiscal_year").as_int64();
  }
  storage::add_category_stage(sql, category_id, stage, fy);
}

// A record that other records still use is not deleted (no cascade takes history with it):
// 409 naming what uses it. Parts of a record go with it and stay in the audit entry's
// before-image: an action's participants, photos and agreement links; a category's stages
// and yearly directions/topics (but not its initiatives, actions or KPIs).
void refuse_if_referenced(storage::Session& sql, const Def& d, long long region_id, long long id,
                          const std::string& key) {
  static const std::map<storage::PlanUse, const Message*> kWhat = {
      {storage::PlanUse::kCategories, &msg::plan::used_by_categories},
      {storage::PlanUse::kInitiatives, &msg::plan::used_by_initiatives},
      {storage::PlanUse::kActions, &msg::plan::used_by_actions},
      {storage::PlanUse::kKpis, &msg::plan::used_by_kpis},
      {storage::PlanUse::kAgreementLinks, &msg::plan::used_by_agreement_links},
      {storage::PlanUse::kParticipations, &msg::plan::used_by_participations},
      {storage::PlanUse::kLeads, &msg::plan::used_by_leads},
      {storage::PlanUse::kKpiActuals, &msg::plan::used_by_kpi_actuals},
      {storage::PlanUse::kAgreements, &msg::plan::used_by_agreements},
  };
  std::string ja, en;
  for (const auto& [use, n] : storage::uses_of(sql, d.table, id, key, region_id)) {
    const Message& what = *kWhat.at(use);
    const std::string count = std::to_string(n);
    ja += (ja.empty() ? "" : "、") + what.ja(count);
    en += (en.empty() ? "" : ", ") + what.en(count);
  }
  if (ja.empty()) return;
  fail(Error{Errc::kConflict, msg::plan::still_in_use.ja(ja), msg::plan::still_in_use.en(en), {}});
}

}  // namespace

// ---- reads ---------------------------------------------------------------------------------

bool Editing::known_resource(const std::string& resource) { return find_def(resource) != nullptr; }

std::optional<bool> Editing::region_published(const std::string& slug) {
  std::optional<bool> out;
  db_.with_session([&](storage::Session& sql) {
    if (auto r = storage::find_region(sql, slug)) out = r->published;
  });
  return out;
}

ListOutcome Editing::list(const std::string& slug, const std::string& resource) {
  const Def* d = find_def(resource);
  if (d == nullptr) return not_found(resource);
  ListOutcome out = json::array{};
  db_.with_session([&](storage::Session& sql) {
    auto r = storage::find_region(sql, slug);
    if (!r) {
      out = error_of(Errc::kRegionNotFound, msg::plan::no_region, slug);
      return;
    }
    json::array items;
    for (const auto& row : storage::list_rows(sql, d->table, d->columns(), r->id))
      items.push_back(record_json(sql, *d, row));
    out = std::move(items);
  });
  return out;
}

RecordOutcome Editing::get(const std::string& slug, const std::string& resource,
                           const std::string& key) {
  const Def* d = find_def(resource);
  if (d == nullptr) return not_found(resource);
  RecordOutcome out = not_found(std::string(d->record_type) + " " + key);
  db_.with_session([&](storage::Session& sql) {
    auto r = storage::find_region(sql, slug);
    if (!r) {
      out = error_of(Errc::kRegionNotFound, msg::plan::no_region, slug);
      return;
    }
    if (auto o = fetch(sql, *d, r->id, key)) out = record_of(std::move(*o));
  });
  return out;
}

// ---- writes --------------------------------------------------------------------------------

namespace plan_edits {

Record create(UnitOfWork& u, const std::string& slug, const std::string& resource,
              const json::object& body, const EditContext& ctx) {
  const Def& d = require_def(resource);
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  fail_if_draft_pending(u, ctx, slug, r.id, "create", d.record_type, "");
  auto values = convert_body(
      d, body, true,
      under_year(d)
          ? std::initializer_list<std::string_view>{"category_id", "fiscal_year", "participants"}
      : d.table == PlanTable::kCategories
          ? std::initializer_list<std::string_view>{"stage", "from_fiscal_year"}
          : std::initializer_list<std::string_view>{});
  check_references(sql, r.id, values);
  const long long parent = under_year(d) ? year_for_new_row(u, ctx, slug, r.id, body) : r.id;
  const long long id = storage::insert_row(sql, d.table, parent, columns_of(values));
  const std::string key = d.table == PlanTable::kMunicipalities
                              ? std::string(body.at("code").as_string())
                              : std::to_string(id);
  if (d.table == PlanTable::kActions) write_action_parts(sql, id, body);
  if (d.table == PlanTable::kCategories) first_stage(sql, r.id, id, body);
  auto created = written(sql, d, r.id, key);
  finish_edit(u, ctx, slug, r.id, {"create", d.record_type, key, "", json::serialize(created)});
  return record_of(std::move(created));
}

Record update(UnitOfWork& u, const std::string& slug, const std::string& resource,
              const std::string& key, const json::object& body, const EditContext& ctx) {
  const Def& d = require_def(resource);
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = require(sql, d, r.id, key, std::string(d.record_type) + " " + key);
  fail_if_draft_pending(u, ctx, slug, r.id, "update", d.record_type, key);
  check_precondition(ctx, before, slug, d.record_type, key);
  auto values = convert_body(d, body, false,
                             d.table == PlanTable::kActions
                                 ? std::initializer_list<std::string_view>{"participants"}
                                 : std::initializer_list<std::string_view>{});
  check_references(sql, r.id, values);
  const long long id = before.at("id").as_int64();
  storage::update_row(sql, d.table, id, columns_of(values));
  if (d.table == PlanTable::kActions) write_action_parts(sql, id, body);
  auto after = written(sql, d, r.id, key);
  finish_edit(u, ctx, slug, r.id,
              {"update", d.record_type, key, json::serialize(before), json::serialize(after)});
  return record_of(std::move(after));
}

void remove(UnitOfWork& u, const std::string& slug, const std::string& resource,
            const std::string& key, const EditContext& ctx) {
  const Def& d = require_def(resource);
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = require(sql, d, r.id, key, std::string(d.record_type) + " " + key);
  fail_if_draft_pending(u, ctx, slug, r.id, "delete", d.record_type, key);
  check_precondition(ctx, before, slug, d.record_type, key);
  const long long id = before.at("id").as_int64();
  refuse_if_referenced(sql, d, r.id, id, key);
  if (d.table == PlanTable::kCategories) {
    // Its yearly directions and topics go with it: they are kept in the before-image.
    json::array years;
    for (long long y : storage::category_year_ids(sql, id)) {
      if (auto o = fetch_year(sql, y)) years.push_back(std::move(*o));
    }
    before["years"] = std::move(years);
  }
  // Marked, not removed: the row keeps its id (never reused) and history.
  storage::mark_deleted(sql, d.table, id, storage::audit_now(), actor_of(ctx));
  // The audit entry keeps the whole record: nothing is deleted without a trace.
  finish_edit(u, ctx, slug, r.id, {"delete", d.record_type, key, json::serialize(before), ""});
}

}  // namespace plan_edits

RecordOutcome Editing::create(const std::string& slug, const std::string& resource,
                              const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::create(u, slug, resource, body, ctx);
  });
}

RecordOutcome Editing::update(const std::string& slug, const std::string& resource,
                              const std::string& key, const json::object& body,
                              const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::update(u, slug, resource, key, body, ctx);
  });
}

std::optional<Error> Editing::remove(const std::string& slug, const std::string& resource,
                                     const std::string& key, const EditContext& ctx) {
  auto out = run_region_unit<bool>(db_, clock_, slug, [&](UnitOfWork& u) {
    plan_edits::remove(u, slug, resource, key, ctx);
    return true;
  });
  if (auto* e = std::get_if<Error>(&out)) return std::move(*e);
  return std::nullopt;
}

}  // namespace kyosei::app
