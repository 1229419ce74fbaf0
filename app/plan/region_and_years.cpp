// The editing use cases beyond the resource tables: the region's own fields, a category's
// lifecycle stages and yearly content, and an action's participants.

#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/common/text.hpp"
#include "app/plan/editing.hpp"
#include "app/plan/editions.hpp"
#include "app/plan/messages.hpp"
#include "app/plan/resources.hpp"
#include "app/progress/period_lock.hpp"
#include "core/plan/region.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

namespace json = boost::json;
using storage::PlanTable;
using namespace plan_edits::detail;

namespace {

// At most this many topics in one category year.
constexpr std::size_t kMaxTopics = 100;

// The problems of a year's body (direction, topics, inferred); fails with 422.
void check_year_body(const json::object& body) {
  std::vector<FieldError> errors;
  for (const auto& [k, v] : body) {
    if (k != "direction" && k != "topics" && k != "inferred" && k != "id" && k != "version" &&
        k != "category_id" && k != "fiscal_year") {
      errors.push_back(field_error("/" + std::string(k), msg::plan::unknown_field));
    }
  }
  for (const char* k : {"direction", "inferred"}) {
    if (body.contains(k) && !body.at(k).is_string())
      errors.push_back(field_error(std::string("/") + k, msg::plan::must_be_string));
    else if (body.contains(k))
      if (auto bad = text_problem(std::string("/") + k, std::string(body.at(k).as_string()), false))
        errors.push_back(*bad);
  }
  if (body.contains("topics")) {
    const auto& t = body.at("topics");
    bool ok = t.is_array();
    if (ok) {
      for (const auto& e : t.as_array()) ok = ok && e.is_string() && !e.as_string().empty();
    }
    if (!ok) {
      errors.push_back(field_error("/topics", msg::plan::must_be_topics));
    } else if (t.as_array().size() > kMaxTopics) {
      errors.push_back(
          field_error("/topics", msg::common::too_many_items, std::to_string(kMaxTopics)));
    } else {
      std::size_t i = 0;
      for (const auto& e : t.as_array()) {
        if (auto bad =
                text_problem("/topics/" + std::to_string(i++), std::string(e.as_string()), true))
          errors.push_back(*bad);
      }
    }
  }
  if (!errors.empty()) fail(invalid(std::move(errors)));
}

// The category's stages changed (`action`): its version advances and the edit is finished.
Record stages_changed(UnitOfWork& u, const EditContext& ctx, const std::string& slug,
                      long long region_id, const std::string& category_id,
                      const json::object& before, const std::string& action) {
  storage::Session& sql = u.session();
  storage::bump_version(sql, PlanTable::kCategories, before.at("id").as_int64());
  auto after = *fetch(sql, *find_def("categories"), region_id, category_id);
  finish_edit(u, ctx, slug, region_id,
              {action, "category", category_id, json::serialize(before), json::serialize(after)});
  return record_of(std::move(after));
}

}  // namespace

// ---- region ------------------------------------------------------------------------------

RecordOutcome Editing::get_region(const std::string& slug) {
  RecordOutcome out = error_of(Errc::kRegionNotFound, msg::plan::no_region, slug);
  db_.with_session([&](storage::Session& sql) {
    auto r = storage::find_region(sql, slug);
    if (!r) return;
    if (auto o = fetch(sql, region_def(), r->id, slug)) {
      (*o)["slug"] = slug;
      out = record_of(std::move(*o));
    }
  });
  return out;
}

namespace plan_edits {

Record update_region(UnitOfWork& u, const std::string& slug, const json::object& body,
                     const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = *fetch(sql, region_def(), r.id, slug);
  // The region's name, period and grading method are in the draft too; publishing or
  // withdrawing the region (`published`) is not part of a revision.
  for (const auto& [k, v] : body) {
    if (k != "published" && k != "slug" && k != "version" &&
        !(before.contains(k) && before.at(k) == v)) {
      fail_if_draft_pending(u, ctx, slug, r.id, "update", "region", slug);
      break;
    }
  }
  check_precondition(ctx, before, slug, "region", slug);
  auto values = convert_body(region_def(), body, false, {"slug"});
  storage::update_row(sql, PlanTable::kRegions, r.id, columns_of(values));
  auto after = *fetch(sql, region_def(), r.id, slug);
  finish_edit(u, ctx, slug, r.id,
              {"update", "region", slug, json::serialize(before), json::serialize(after)});
  after["slug"] = slug;
  return record_of(std::move(after));
}

// ---- stages, years, participation ----------------------------------------------------------

Record add_stage(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                 const json::object& body, const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = require(sql, *find_def("categories"), r.id, category_id, "category " + category_id);
  fail_if_draft_pending(u, ctx, slug, r.id, "stage-add", "category", category_id);
  check_precondition(ctx, before, slug, "category", category_id);
  std::vector<FieldError> errors;
  for (const auto& [k, v] : body) {
    if (k != "stage" && k != "from_fiscal_year")
      errors.push_back(field_error("/" + std::string(k), msg::plan::unknown_field));
  }
  std::optional<core::Stage> stage;
  if (!body.contains("stage") || !body.at("stage").is_string() ||
      !(stage = core::stage_from(std::string(body.at("stage").as_string())))) {
    errors.push_back(field_error("/stage", msg::plan::stage_choice_with_codes));
  }
  if (!body.contains("from_fiscal_year") || !body.at("from_fiscal_year").is_int64())
    errors.push_back(field_error("/from_fiscal_year", msg::plan::fiscal_year_required));
  if (!errors.empty()) fail(invalid(std::move(errors)));
  storage::add_category_stage(sql, before.at("id").as_int64(), std::string(core::code(*stage)),
                              body.at("from_fiscal_year").as_int64());
  return stages_changed(u, ctx, slug, r.id, category_id, before, "stage-add");
}

Record remove_stage(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                    const std::string& fy_text, const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = require(sql, *find_def("categories"), r.id, category_id, "category " + category_id);
  auto fy = core::parse_fiscal_year(fy_text);
  if (!fy.year)
    fail(Error{
        Errc::kInvalidFiscalYear, fy.error_ja, fy.error_en, {{"fy", fy.error_ja, fy.error_en}}});
  fail_if_draft_pending(u, ctx, slug, r.id, "stage-remove", "category", category_id);
  check_precondition(ctx, before, slug, "category", category_id);
  if (!storage::remove_category_stage(sql, before.at("id").as_int64(), *fy.year))
    fail(not_found("stage " + fy_text));
  return stages_changed(u, ctx, slug, r.id, category_id, before, "stage-remove");
}

Record put_year(UnitOfWork& u, const std::string& slug, const std::string& category_id,
                const std::string& fy_text, const json::object& body, const EditContext& ctx) {
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  const long long fy = parse_year_or_fail(fy_text);
  const long long cid = parse_id_or_fail(category_id, "category");
  const std::string record_id = category_id + "/" + std::to_string(fy);
  fail_if_draft_pending(u, ctx, slug, r.id, "update", "category_year", record_id);
  check_year_body(body);
  long long yid = category_year(sql, r.id, cid, fy, false);
  std::string before_text;
  if (yid != 0) {
    auto before = *fetch_year(sql, yid);
    check_precondition(ctx, before, slug, "category_year", record_id);
    before_text = json::serialize(before);
    storage::bump_category_year(sql, yid);
  } else {
    yid = category_year(sql, r.id, cid, fy, true);
  }
  if (body.contains("direction"))
    storage::set_year_direction(sql, yid, std::string(body.at("direction").as_string()));
  if (body.contains("inferred"))
    storage::set_year_inferred(sql, yid, std::string(body.at("inferred").as_string()));
  if (body.contains("topics")) {
    std::vector<std::string> topics;
    for (const auto& e : body.at("topics").as_array()) topics.emplace_back(e.as_string());
    storage::replace_year_topics(sql, yid, topics);
  }
  auto after = *fetch_year(sql, yid);
  finish_edit(u, ctx, slug, r.id,
              {before_text.empty() ? "create" : "update", "category_year", record_id, before_text,
               json::serialize(after)});
  return record_of(std::move(after));
}

Record set_participation(UnitOfWork& u, const std::string& slug, const std::string& action_id,
                         const std::string& code, bool participate, const EditContext& ctx) {
  const Def& d = *find_def("actions");
  storage::Session& sql = u.session();
  const auto r = require_region(sql, slug);
  auto before = require(sql, d, r.id, action_id, "action " + action_id);
  fail_if_draft_pending(u, ctx, slug, r.id, participate ? "participant-add" : "participant-remove",
                        "action", action_id);
  check_precondition(ctx, before, slug, "action", action_id);
  const long long id = before.at("id").as_int64();
  if (!participate && before.at("all_participate").as_bool()) {
    Error e = error_of(Errc::kConflict, msg::plan::all_take_part);
    e.fields.push_back(field_error("/all_participate", msg::plan::all_take_part_field));
    fail(std::move(e));
  }
  // Joining or leaving changes what the town reports for the action's year: the period
  // lock of data-collection rounds applies as it does to the town's progress records.
  if (const auto action = storage::load_action(sql, r.id, id)) {
    auto refusal =
        audit_entry(ctx, slug,
                    {participate ? "participant-add-refused" : "participant-remove-refused",
                     "action", action_id, json::serialize(before), ""});
    refusal.after_json = json::serialize(json::object{
        {"reason", "period-locked"}, {"fiscal_year", action->fiscal_year}, {"municipality", code}});
    fail_if_locked(u, ctx.who, slug, r.id, action->fiscal_year, code, action->field_id, 0,
                   std::move(refusal));
  }
  const bool present = storage::has_participant(sql, id, code);
  if (participate && !present)
    storage::add_participant(sql, id, code);
  else if (!participate && present)
    storage::remove_participant(sql, id, code);
  storage::bump_version(sql, PlanTable::kActions, id);
  auto after = *fetch(sql, d, r.id, action_id);
  finish_edit(u, ctx, slug, r.id,
              {participate ? "participant-add" : "participant-remove", "action", action_id,
               json::serialize(before), json::serialize(after)});
  return record_of(std::move(after));
}

}  // namespace plan_edits

RecordOutcome Editing::get_year(const std::string& slug, const std::string& category_id,
                                const std::string& fy_text) {
  try {
    RecordOutcome out = not_found("year");
    db_.with_session([&](storage::Session& sql) {
      const auto r = require_region(sql, slug);
      const long long fy = parse_year_or_fail(fy_text);
      const long long cid = parse_id_or_fail(category_id, "category");
      const long long yid = category_year(sql, r.id, cid, fy, false);
      if (yid == 0) fail(not_found("category " + category_id + " year " + fy_text));
      out = record_of(*fetch_year(sql, yid));
    });
    return out;
  } catch (Abort& a) {
    if (a.error.code == Errc::kValidationFailed) return not_found("category " + category_id);
    return std::move(a.error);
  }
}

RecordOutcome Editing::update_region(const std::string& slug, const json::object& body,
                                     const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::update_region(u, slug, body, ctx);
  });
}

RecordOutcome Editing::add_stage(const std::string& slug, const std::string& category_id,
                                 const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::add_stage(u, slug, category_id, body, ctx);
  });
}

RecordOutcome Editing::remove_stage(const std::string& slug, const std::string& category_id,
                                    const std::string& fy, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::remove_stage(u, slug, category_id, fy, ctx);
  });
}

RecordOutcome Editing::put_year(const std::string& slug, const std::string& category_id,
                                const std::string& fy, const json::object& body,
                                const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::put_year(u, slug, category_id, fy, body, ctx);
  });
}

RecordOutcome Editing::set_participation(const std::string& slug, const std::string& action_id,
                                         const std::string& code, bool participate,
                                         const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& u) {
    return plan_edits::set_participation(u, slug, action_id, code, participate, ctx);
  });
}

}  // namespace kyosei::app
