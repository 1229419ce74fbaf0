// The subcommittee workspace (分野別担当者部会, issue 12 item 5; ADR 0014): per field its 部会
// sessions, discussion threads on a category or an action, each town's assessment of a
// category against the viewpoints ❶–➏ with the totals, and the "propose for the next
// revision" mark. Members-only; not searchable. Who writes: the secretariat; subcommittee
// members for their fields (threads, posts, assessments for any town, the mark); town editors
// (threads and posts in any field, assessments for their own town). Never progress records.

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "app/common/messages.hpp"
#include "app/council/council.hpp"
#include "app/council/internal.hpp"
#include "app/council/messages.hpp"
#include "app/plan/vision.hpp"
#include "core/council/schedule.hpp"
#include "core/plan/region.hpp"
#include "storage/council/workspace_store.hpp"

namespace kyosei::app {

namespace json = boost::json;
using namespace council;

namespace {

bool writes_in_field(const Viewer& v, long long field_id) {
  return v.secretariat || !v.towns.empty() || v.fields.contains(field_id);
}

// The town a writer posts for: their only town, or "" (the secretariat, subcommittee members,
// editors of several towns).
std::string author_town(const Viewer& v) {
  return (!v.secretariat && v.towns.size() == 1) ? *v.towns.begin() : std::string();
}

long long require_field(storage::Session& session, long long region_id, const std::string& text) {
  auto id = parse_id(text);
  if (!id || !storage::field_in_region(session, region_id, *id))
    fail(error_of(Errc::kNotFound, msg::council::field_not_found, text));
  return *id;
}

long long require_category(storage::Session& session, long long region_id, const std::string& text,
                           long long& field_id) {
  auto id = parse_id(text);
  auto field = id ? storage::category_field(session, region_id, *id) : std::nullopt;
  if (!field) fail(error_of(Errc::kNotFound, msg::council::category_not_found, text));
  field_id = *field;
  return *id;
}

json::object post_json(const storage::PostRow& p, const TownNames& towns) {
  return {{"id", p.id},
          {"body", p.body},
          {"author", p.author},
          {"author_town", town_value(towns, p.author_town)},
          {"created_at", p.created_at}};
}

json::object thread_json(storage::Session& session, const storage::ThreadRow& t,
                         const TownNames& towns) {
  json::array posts;
  for (const auto& p : storage::load_posts(session, t.id)) posts.push_back(post_json(p, towns));
  auto targets = targets_json(session, t.region_id, t.target);
  return {{"id", t.id},
          {"version", t.version},
          {"field_id", t.field_id},
          {"target", targets.empty() ? json::value(nullptr) : targets.front()},
          {"title", t.title},
          {"created_by", t.created_by},
          {"created_at", t.created_at},
          {"posts", std::move(posts)}};
}

// A category's assessments by town with their totals per viewpoint and overall.
json::object assessment_json(storage::Session& session, long long category_id, int fy,
                             const TownNames& towns) {
  std::map<std::string, std::vector<storage::AssessmentRow>> by_town;
  for (auto& a : storage::load_assessments(session, category_id, fy))
    by_town[a.municipality].push_back(std::move(a));
  std::array<long long, core::kViewpoints> totals{};
  json::array rows;
  for (const auto& [town, scores] : by_town) {
    json::array items;
    long long sum = 0;
    for (const auto& a : scores) {
      items.push_back(
          json::object{{"viewpoint", a.viewpoint}, {"score", a.score}, {"note", a.note}});
      totals[static_cast<std::size_t>(a.viewpoint - 1)] += a.score;
      sum += a.score;
    }
    rows.push_back(json::object{{"municipality", town_value(towns, town)},
                                {"scores", std::move(items)},
                                {"total", sum},
                                {"changed_by", scores.front().changed_by},
                                {"changed_at", scores.front().changed_at}});
  }
  json::array t;
  long long all = 0;
  for (auto x : totals) {
    t.push_back(x);
    all += x;
  }
  return {{"towns", std::move(rows)}, {"totals", std::move(t)}, {"total", all}};
}

json::value proposal_json(const std::optional<storage::ProposalRow>& p) {
  if (!p) return nullptr;
  return json::object{
      {"reason", p->reason}, {"marked_by", p->marked_by}, {"marked_at", p->marked_at}};
}

json::object category_json(storage::Session& session, const std::pair<long long, std::string>& c,
                           int fy, const TownNames& towns) {
  const auto stage = core::stage_from(storage::category_stage_in(session, c.first, fy));
  return {{"id", c.first},
          {"name", c.second},
          {"stage", stage ? json::value(code_label(*stage)) : json::value(nullptr)},
          {"assessment", assessment_json(session, c.first, fy, towns)},
          {"proposal", proposal_json(storage::load_proposal(session, c.first, fy))}};
}

}  // namespace

JsonOutcome Council::workspace(const std::string& slug, const std::string& field_id,
                               const std::optional<std::string>& fy, const Principal& who) {
  JsonOutcome out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const long long field = require_field(session, region_id, field_id);
        const int year = query_fiscal_year(session, region_id, fy, clock_.current_fiscal_year());
        const auto v = viewer_of(&who, slug);
        const auto towns = town_names(session, region_id);
        json::array sessions;
        for (const auto& m : storage::load_meetings(session, region_id, year)) {
          if (m.kind == core::MeetingKind::kSubcommittee &&
              std::find(m.field_ids.begin(), m.field_ids.end(), field) != m.field_ids.end())
            sessions.push_back(meeting_json(session, m, v, false));
        }
        json::array threads;
        for (const auto& t : storage::load_threads(session, region_id, field))
          threads.push_back(thread_json(session, t, towns));
        json::array categories;
        for (const auto& c : storage::field_categories(session, region_id, field))
          categories.push_back(category_json(session, c, year, towns));
        out = json::object{
            {"field", json::object{{"id", field},
                                   {"name", storage::target_name(session, region_id,
                                                                 {core::TargetKind::kField, field})
                                                .value_or("")}}},
            {"fiscal_year", fiscal_year_json(year)},
            {"can_write", writes_in_field(v, field)},
            {"can_mark", v.secretariat || v.fields.contains(field)},
            {"assess_towns",
             [&] {
               json::array a;
               for (const auto& [code, name] : towns)
                 if (v.secretariat || v.fields.contains(field) || v.towns.contains(code))
                   a.push_back(json::object{{"code", code}, {"name", name}});
               return a;
             }()},
            {"sessions", std::move(sessions)},
            {"threads", std::move(threads)},
            {"categories", std::move(categories)}};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::create_thread(const std::string& slug, const json::object& body,
                                     const EditContext& ctx) {
  return run_unit<Record>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    Input in{body, {}};
    in.refuse_unknown({"field_id", "target", "title", "body"});
    storage::ThreadRow t;
    t.region_id = region_id;
    long long field = 0;
    in.integer("field_id", true, 1, 999999999999LL, field);
    in.text("title", 200, true, t.title);
    std::string first;
    in.text("body", 8000, true, first);
    std::string target;
    in.text("target", 64, true, target);
    in.done();
    if (!storage::field_in_region(session, region_id, field))
      fail(invalid({field_error("/field_id", msg::council::not_region_field)}));
    // The target: a category or an action of the field.
    auto parsed = core::parse_target(target);
    std::optional<long long> category;
    if (parsed && parsed->kind == core::TargetKind::kCategory)
      category = parsed->id;
    else if (parsed && parsed->kind == core::TargetKind::kAction)
      category = storage::action_category(session, region_id, parsed->id);
    const auto field_of =
        category ? storage::category_field(session, region_id, *category) : std::nullopt;
    if (!field_of || *field_of != field)
      fail(invalid({field_error("/target", msg::council::target_not_in_field)}));
    const auto v = viewer_of(ctx.who, slug);
    if (!writes_in_field(v, field)) fail(error_of(Errc::kForbidden, msg::council::not_your_field));
    t.field_id = field;
    t.target = core::to_string(*parsed);
    t.created_by = actor_of(ctx);
    t.created_at = unit.clock().now_utc_iso();
    t.id = storage::insert_thread(session, t);
    t.version = 1;
    storage::PostRow p{0, t.id, first, actor_of(ctx), author_town(v), t.created_at};
    storage::insert_post(session, p);
    unit.changed(region_id, slug, {"thread", t.id});  // its title and first post
    Record r{thread_json(session, t, town_names(session, region_id)), t.version};
    auto e = audit_entry(ctx, slug, "create", "thread", std::to_string(t.id));
    e.after_json = json::serialize(r.data);
    unit.audit(std::move(e));
    return r;
  });
}

RecordOutcome Council::add_post(const std::string& slug, const std::string& thread_id,
                                const json::object& body, const EditContext& ctx) {
  return run_unit<Record>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto id = parse_id(thread_id);
    auto t = id ? storage::load_thread(session, region_id, *id) : std::nullopt;
    if (!t) fail(error_of(Errc::kNotFound, msg::council::thread_not_found, thread_id));
    Input in{body, {}};
    in.refuse_unknown({"body"});
    std::string text;
    in.text("body", 8000, true, text);
    in.done();
    const auto v = viewer_of(ctx.who, slug);
    if (!writes_in_field(v, t->field_id))
      fail(error_of(Errc::kForbidden, msg::council::not_your_field));
    storage::PostRow p{0, t->id, text, actor_of(ctx), author_town(v), unit.clock().now_utc_iso()};
    p.id = storage::insert_post(session, p);
    unit.changed(region_id, slug, {"thread_post", p.id});
    Record r{thread_json(session, *t, town_names(session, region_id)), t->version};
    auto e = audit_entry(ctx, slug, "create", "thread-post", std::to_string(p.id));
    e.after_json = json::serialize(json::object{{"thread_id", t->id}, {"body", text}});
    unit.audit(std::move(e));
    return r;
  });
}

JsonOutcome Council::put_assessment(const std::string& slug, const std::string& category_id,
                                    const json::object& body, const EditContext& ctx) {
  auto out = run_unit<json::object>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    long long field = 0;
    const long long category = require_category(session, region_id, category_id, field);
    const auto towns = town_names(session, region_id);
    Input in{body, {}};
    in.refuse_unknown({"fiscal_year", "municipality", "scores"});
    int year = 0;
    in.fiscal_year(session, region_id, "fiscal_year", year);
    std::string town;
    in.text("municipality", 16, true, town);
    if (!town.empty() && !towns.contains(town))
      in.errors.push_back(field_error("/municipality", msg::council::not_member_town, town));
    std::vector<storage::AssessmentRow> rows;
    const std::string now = unit.clock().now_utc_iso();
    if (!in.has("scores") || !in.body.at("scores").is_array()) {
      in.errors.push_back(field_error("/scores", msg::council::scores_expected));
    } else {
      std::size_t i = 0;
      std::set<long long> seen;
      for (const auto& s : in.body.at("scores").as_array()) {
        const std::string p = "/scores/" + std::to_string(i++);
        if (!s.is_object()) {
          in.errors.push_back(field_error(p, msg::council::scores_expected));
          continue;
        }
        Input item{s.as_object(), {}};
        item.refuse_unknown({"viewpoint", "score", "note"});
        long long viewpoint = 0;
        long long score = 0;
        std::string note;
        item.integer("viewpoint", true, 1, core::kViewpoints, viewpoint);
        item.integer("score", true, 0, 3, score);
        item.text("note", 2000, false, note);
        if (item.errors.empty() && !seen.insert(viewpoint).second)
          item.errors.push_back(field_error("/viewpoint", msg::council::viewpoint_twice));
        for (auto& e : item.errors) {
          e.pointer = p + e.pointer;
          in.errors.push_back(std::move(e));
        }
        rows.push_back({category, year, town, static_cast<int>(viewpoint), static_cast<int>(score),
                        note, actor_of(ctx), now});
      }
    }
    in.done();
    const auto v = viewer_of(ctx.who, slug);
    if (!(v.secretariat || v.fields.contains(field) || v.towns.contains(town)))
      fail(error_of(Errc::kForbidden, msg::council::not_your_assessment));
    const auto before = assessment_json(session, category, year, towns);
    storage::replace_assessments(session, category, year, town, rows);
    unit.changed_unindexed(region_id, slug);
    auto after = assessment_json(session, category, year, towns);
    auto e = audit_entry(ctx, slug, "update", "assessment",
                         std::to_string(category) + ":" + std::to_string(year) + ":" + town);
    e.before_json = json::serialize(before);
    e.after_json = json::serialize(after);
    unit.audit(std::move(e));
    return json::object{{"category_id", category},
                        {"fiscal_year", fiscal_year_json(year)},
                        {"assessment", std::move(after)}};
  });
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::get<json::object>(std::move(out));
}

JsonOutcome Council::put_proposal(const std::string& slug, const std::string& category_id,
                                  const json::object& body, const EditContext& ctx) {
  auto out = run_unit<json::object>(db_, clock_, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    long long field = 0;
    const long long category = require_category(session, region_id, category_id, field);
    Input in{body, {}};
    in.refuse_unknown({"fiscal_year", "proposed", "reason"});
    int year = 0;
    in.fiscal_year(session, region_id, "fiscal_year", year);
    bool proposed = false;
    if (!in.has("proposed")) in.errors.push_back(field_error("/proposed", msg::council::required));
    in.boolean("proposed", proposed);
    std::string reason;
    in.text("reason", 4000, false, reason);
    in.done();
    const auto v = viewer_of(ctx.who, slug);
    if (!(v.secretariat || v.fields.contains(field)))
      fail(error_of(Errc::kForbidden, msg::council::not_your_field));
    const auto before = proposal_json(storage::load_proposal(session, category, year));
    if (proposed)
      storage::set_proposal(session,
                            {category, year, reason, actor_of(ctx), unit.clock().now_utc_iso()});
    else
      storage::clear_proposal(session, category, year);
    unit.changed_unindexed(region_id, slug);
    auto after = proposal_json(storage::load_proposal(session, category, year));
    auto e = audit_entry(ctx, slug, proposed ? "propose" : "unpropose", "category",
                         std::to_string(category));
    e.before_json = json::serialize(before);
    e.after_json = json::serialize(after);
    unit.audit(std::move(e));
    return json::object{
        {"category_id", category}, {"fiscal_year", fiscal_year_json(year)}, {"proposal", after}};
  });
  if (auto* e = std::get_if<Error>(&out)) return *e;
  return std::get<json::object>(std::move(out));
}

std::variant<std::vector<ProposedCategory>, Error> Council::proposed_categories(
    const std::string& slug, int fiscal_year) {
  std::variant<std::vector<ProposedCategory>, Error> out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      const long long region_id = require_region(session, slug);
      std::vector<ProposedCategory> list;
      for (const auto& p : storage::load_proposals(session, region_id, fiscal_year)) {
        ProposedCategory c;
        c.category_id = p.category_id;
        c.name =
            storage::target_name(session, region_id, {core::TargetKind::kCategory, p.category_id})
                .value_or("");
        c.fiscal_year = p.fiscal_year;
        c.reason = p.reason;
        c.marked_by = p.marked_by;
        for (const auto& a : storage::load_assessments(session, p.category_id, fiscal_year))
          c.assessment_total += a.score;
        list.push_back(std::move(c));
      }
      out = std::move(list);
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

}  // namespace kyosei::app
