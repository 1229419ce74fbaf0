// The year's schedule as dated milestones (issue 12, item 6): listing (what the public sees:
// the dates of public events only, never a note or an owner), adding, changing, removing,
// and laying out a fiscal year from the cycle template (with a preview).

#include <boost/json.hpp>
#include <set>
#include <utility>

#include "app/common/messages.hpp"
#include "app/council/council.hpp"
#include "app/council/internal.hpp"
#include "app/council/messages.hpp"
#include "app/plan/vision.hpp"
#include "storage/council/schedule_store.hpp"

namespace kyosei::app {

namespace json = boost::json;
using namespace council;

namespace {

// Whether the viewer sees the milestone at all: members every one, others the public kinds.
bool sees(const storage::MilestoneRow& m, const Viewer& v) {
  return v.member || core::public_milestone_kind(m.kind);
}

json::object milestone_json(const storage::MilestoneRow& m, const TownNames& towns, const Viewer& v,
                            const std::string& today) {
  json::object o{{"id", m.id},
                 {"version", m.version},
                 {"fiscal_year", m.fiscal_year},
                 {"kind", code_label(m.kind)},
                 {"title", m.title},
                 {"planned_on", m.planned_on},
                 {"done_on", m.done_on.empty() ? json::value(nullptr) : json::value(m.done_on)},
                 {"public", core::public_milestone_kind(m.kind)},
                 {"sample", m.sample},
                 {"sample_label", m.sample ? json::value("サンプル") : json::value(nullptr)}};
  if (v.member) {
    o["overdue"] = core::milestone_overdue(m.planned_on, m.done_on, today);
    o["owner"] = town_value(towns, m.owner);
    o["note"] = m.note;
    o["meeting_id"] = m.meeting_id ? json::value(*m.meeting_id) : json::value(nullptr);
    // The secretariat changes anything; the owner town's editors mark it done and note it.
    o["editable"] = v.secretariat || (!m.owner.empty() && v.towns.contains(m.owner));
  }
  return o;
}

storage::MilestoneRow require_milestone(storage::Session& session, long long region_id,
                                        const std::string& id_text) {
  auto id = parse_id(id_text);
  auto m = id ? storage::load_milestone(session, region_id, *id) : std::nullopt;
  if (!m) fail(error_of(Errc::kNotFound, msg::council::milestone_not_found, id_text));
  return *m;
}

void read_owner(const TownNames& towns, Input& in, storage::MilestoneRow& m) {
  if (!in.has("owner")) return;
  if (in.body.at("owner").is_null()) {
    m.owner.clear();
    return;
  }
  std::string code;
  in.text("owner", 16, false, code);
  if (!code.empty() && !towns.contains(code)) {
    in.errors.push_back(field_error("/owner", msg::council::not_member_town, code));
    return;
  }
  m.owner = code;
}

void read_meeting_link(storage::Session& session, long long region_id, Input& in,
                       storage::MilestoneRow& m) {
  if (!in.has("meeting_id")) return;
  if (in.body.at("meeting_id").is_null()) {
    m.meeting_id.reset();
    return;
  }
  long long id = 0;
  const std::size_t before = in.errors.size();
  in.integer("meeting_id", true, 1, 999999999999LL, id);
  if (in.errors.size() != before) return;
  if (!storage::load_meeting(session, region_id, id)) {
    in.errors.push_back(field_error("/meeting_id", msg::council::meeting_not_in_region));
    return;
  }
  m.meeting_id = id;
}

// The fields of a milestone present in the body; `creating` makes the essentials required.
void read_milestone(storage::Session& session, long long region_id, const TownNames& towns,
                    Input& in, storage::MilestoneRow& m, bool creating) {
  if (creating || in.has("fiscal_year"))
    in.fiscal_year(session, region_id, "fiscal_year", m.fiscal_year);
  in.code("kind", creating, core::milestone_kind_from, m.kind);
  in.text("title", 200, creating || in.has("title"), m.title);
  in.date("planned_on", creating || in.has("planned_on"), m.planned_on);
  in.date("done_on", false, m.done_on);
  in.text("note", 4000, false, m.note);
  read_owner(towns, in, m);
  read_meeting_link(session, region_id, in, m);
  // The planned date lies in the milestone's fiscal year.
  if (m.fiscal_year != 0 && !m.planned_on.empty()) {
    if (auto d = core::parse_date(m.planned_on); d && core::fiscal_year_of(*d) != m.fiscal_year)
      in.errors.push_back(field_error("/planned_on", msg::council::date_outside_year,
                                      std::to_string(m.fiscal_year)));
  }
}

Record milestone_record(storage::Session& session, long long region_id, long long id,
                        const EditContext& ctx, const std::string& slug, const std::string& today) {
  const auto m = storage::load_milestone(session, region_id, id);
  return Record{milestone_json(*m, town_names(session, region_id), viewer_of(ctx.who, slug), today),
                m->version};
}

}  // namespace

JsonOutcome Council::schedule(const std::string& slug, const std::optional<std::string>& fy,
                              const Principal& who) {
  JsonOutcome out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const int year = query_fiscal_year(session, region_id, fy, clock_.current_fiscal_year());
        const auto v = viewer_of(&who, slug);
        const auto towns = town_names(session, region_id);
        const std::string today = core::to_string(clock_.today_in_japan());
        json::array items;
        int overdue = 0;
        for (const auto& m : storage::load_milestones(session, region_id, year)) {
          if (!sees(m, v)) continue;
          if (v.member && core::milestone_overdue(m.planned_on, m.done_on, today)) ++overdue;
          items.push_back(milestone_json(m, towns, v, today));
        }
        out =
            json::object{{"fiscal_year", fiscal_year_json(year)},
                         {"today", today},
                         {"public_only", !v.member},
                         {"overdue_count", v.member ? json::value(overdue) : json::value(nullptr)},
                         {"milestones", std::move(items)}};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::create_milestone(const std::string& slug, const json::object& body,
                                        const EditContext& ctx) {
  return run_unit<Record>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto towns = town_names(session, region_id);
    storage::MilestoneRow m;
    m.region_id = region_id;
    Input in{body, {}};
    in.refuse_unknown(
        {"fiscal_year", "kind", "title", "planned_on", "done_on", "owner", "note", "meeting_id"});
    read_milestone(session, region_id, towns, in, m, true);
    in.done();
    m.created_by = actor_of(ctx);
    m.created_at = unit.clock().now_utc_iso();
    m.id = storage::insert_milestone(session, m);
    unit.changed(region_id, slug);
    const std::string today = core::to_string(unit.clock().today_in_japan());
    auto r = milestone_record(session, region_id, m.id, ctx, slug, today);
    auto e = audit_entry(ctx, slug, "create", "milestone", std::to_string(m.id));
    e.after_json = json::serialize(r.data);
    unit.audit(std::move(e));
    return r;
  });
}

RecordOutcome Council::update_milestone(const std::string& slug, const std::string& id,
                                        const json::object& body, const EditContext& ctx) {
  return run_unit<Record>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto existing = require_milestone(session, region_id, id);
    const auto v = viewer_of(ctx.who, slug);
    const auto towns = town_names(session, region_id);
    const std::string today = core::to_string(unit.clock().today_in_japan());
    if (!v.secretariat) {
      // The owner town's editors mark their milestone done and note it, nothing else.
      if (existing.owner.empty() || !v.towns.contains(existing.owner))
        fail(error_of(Errc::kForbidden, msg::council::not_your_milestone));
      for (const auto& [k, val] : body) {
        if (k != "done_on" && k != "note") {
          Error e = error_of(Errc::kForbidden, msg::council::secretariat_sets_this);
          e.fields.push_back(
              field_error("/" + std::string(k), msg::council::secretariat_sets_this));
          fail(std::move(e));
        }
      }
    }
    const auto before = milestone_json(existing, towns, v, today);
    check_version(ctx, slug, "milestone", id, existing.version, json::serialize(before));
    storage::MilestoneRow m = existing;
    Input in{body, {}};
    in.refuse_unknown(
        {"fiscal_year", "kind", "title", "planned_on", "done_on", "owner", "note", "meeting_id"});
    read_milestone(session, region_id, towns, in, m, false);
    in.done();
    storage::update_milestone(session, m);
    unit.changed(region_id, slug);
    auto r = milestone_record(session, region_id, m.id, ctx, slug, today);
    auto e = audit_entry(ctx, slug, "update", "milestone", id);
    e.before_json = json::serialize(before);
    e.after_json = json::serialize(r.data);
    unit.audit(std::move(e));
    return r;
  });
}

std::optional<Error> Council::delete_milestone(const std::string& slug, const std::string& id,
                                               const EditContext& ctx) {
  auto out = run_unit<int>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto existing = require_milestone(session, region_id, id);
    const std::string today = core::to_string(unit.clock().today_in_japan());
    const auto before = json::serialize(
        milestone_json(existing, town_names(session, region_id), viewer_of(ctx.who, slug), today));
    check_version(ctx, slug, "milestone", id, existing.version, before);
    storage::delete_milestone(session, existing.id, actor_of(ctx), unit.clock().now_utc_iso());
    unit.changed(region_id, slug);
    auto e = audit_entry(ctx, slug, "delete", "milestone", id);
    e.before_json = before;
    unit.audit(std::move(e));
    return 0;
  });
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::nullopt;
}

JsonOutcome Council::schedule_from_template(const std::string& slug, const json::object& body,
                                            const EditContext& ctx) {
  auto run = [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    Input in{body, {}};
    in.refuse_unknown({"fiscal_year", "preview"});
    int year = 0;
    in.fiscal_year(session, region_id, "fiscal_year", year);
    bool preview = false;
    in.boolean("preview", preview);
    in.done();
    const auto towns = town_names(session, region_id);
    const auto v = viewer_of(ctx.who, slug);
    const std::string today = core::to_string(unit.clock().today_in_japan());
    // A step already on the year's schedule (same kind and title) is left as it is.
    std::set<std::pair<std::string, std::string>> existing;
    for (const auto& m : storage::load_milestones(session, region_id, year))
      existing.emplace(std::string(core::code(m.kind)), m.title);
    json::array items;
    int skipped = 0;
    json::array created_ids;
    for (const auto& t : core::cycle_template(year)) {
      if (existing.contains({std::string(core::code(t.kind)), t.title})) {
        ++skipped;
        continue;
      }
      storage::MilestoneRow m;
      m.region_id = region_id;
      m.fiscal_year = year;
      m.kind = t.kind;
      m.title = t.title;
      m.planned_on = t.planned_on;
      m.created_by = actor_of(ctx);
      m.created_at = unit.clock().now_utc_iso();
      if (!preview) {
        m.id = storage::insert_milestone(session, m);
        m.version = 1;
        created_ids.push_back(m.id);
      }
      auto j = milestone_json(m, towns, v, today);
      if (preview) j["id"] = nullptr;
      items.push_back(std::move(j));
    }
    json::object result{{"fiscal_year", fiscal_year_json(year)},
                        {"preview", preview},
                        {"skipped", skipped},
                        {"milestones", std::move(items)}};
    if (!preview && !created_ids.empty()) {
      unit.changed(region_id, slug);
      auto e = audit_entry(ctx, slug, "create-from-template", "schedule", std::to_string(year));
      e.after_json = json::serialize(json::object{{"created", created_ids}, {"skipped", skipped}});
      unit.audit(std::move(e));
    }
    return result;
  };
  auto out = run_unit<json::object>(db_, clock_, run);
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::get<json::object>(std::move(out));
}

}  // namespace kyosei::app
