// Opinions (意見): from a remark in a meeting, a written opinion (書面意見) or a public
// comment; their answers (対応方針, 回答), the assignment to a town, the status machine
// (core/council) and publication in the 意見対応表.

#include <algorithm>
#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/council/council.hpp"
#include "app/council/internal.hpp"
#include "app/council/messages.hpp"
#include "app/plan/vision.hpp"
#include "core/common/fiscal_year.hpp"

namespace kyosei::app {

namespace json = boost::json;
using namespace council;

namespace {

storage::OpinionRow require_opinion(storage::Session& session, long long region_id,
                                    const std::string& id_text) {
  auto id = parse_id(id_text);
  auto o = id ? storage::load_opinion(session, region_id, *id) : std::nullopt;
  if (!o) fail(error_of(Errc::kNotFound, msg::council::opinion_not_found, id_text));
  return *o;
}

// 403 naming the field the caller may not set.
[[noreturn]] void forbidden_field(const std::string& key, const Message& m) {
  Error e = error_of(Errc::kForbidden, m);
  e.fields.push_back(field_error("/" + key, m));
  fail(std::move(e));
}

void read_round(Input& in, storage::OpinionRow& o, bool required) {
  long long round = o.round;
  in.integer("round", required, 1, core::kOpinionRounds, round);
  o.round = static_cast<int>(round);
}

void read_assignment(const TownNames& towns, Input& in, storage::OpinionRow& o) {
  if (!in.has("assigned_to")) return;
  std::string code;
  in.text("assigned_to", 16, false, code);
  if (!code.empty() && !towns.contains(code))
    in.errors.push_back(field_error("/assigned_to", msg::council::not_member_town, code));
  else
    o.assigned_to = code;
}

void read_comment_class(Input& in, storage::OpinionRow& o) {
  if (!in.has("comment_class")) return;
  if (in.body.at("comment_class").is_null()) {
    o.comment_class.clear();
    return;
  }
  core::CommentClass c = core::CommentClass::kOther;
  const std::size_t before = in.errors.size();
  in.code("comment_class", true, core::comment_class_from, c);
  if (in.errors.size() == before) o.comment_class = std::string(core::code(c));
}

void read_submitter_member(const Members& members, Input& in, storage::OpinionRow& o) {
  if (!in.has("submitter_member_id")) return;
  const auto& v = in.body.at("submitter_member_id");
  if (v.is_null()) {
    o.submitter_member_id.reset();
  } else if (!v.is_int64() || !members.contains(v.as_int64())) {
    in.errors.push_back(field_error("/submitter_member_id", msg::council::member_not_in_register));
  } else {
    o.submitter_member_id = v.as_int64();
    if (o.submitter.empty()) o.submitter = members.at(v.as_int64()).name;
  }
}

// Rules between fields, after they are read.
void check_consistency(Input& in, const storage::OpinionRow& o) {
  if (!o.comment_class.empty() && o.source != core::OpinionSource::kPublicComment)
    in.errors.push_back(field_error("/comment_class", msg::council::class_for_public_comments));
  // A list whose every item was refused already names those items; "required" would
  // only repeat it.
  const bool items_refused = std::any_of(in.errors.begin(), in.errors.end(), [](const auto& e) {
    return e.pointer.starts_with("/targets/");
  });
  if (o.targets.empty() && !items_refused)
    in.errors.push_back(field_error("/targets", msg::council::targets_required));
  if (o.published && !core::has_answer(o.status))
    in.errors.push_back(field_error("/published", msg::council::publish_needs_answer));
}

Record opinion_record(storage::Session& session, long long region_id, long long id,
                      const EditContext& ctx, const std::string& slug) {
  const auto o = storage::load_opinion(session, region_id, id);
  return Record{opinion_json(session, *o, town_names(session, region_id), viewer_of(ctx.who, slug)),
                o->version};
}

// The full record for the audit trail (everything, whoever wrote).
std::string audit_json(storage::Session& session, const storage::OpinionRow& o,
                       const TownNames& towns) {
  return json::serialize(opinion_json(session, o, towns, viewer_of(nullptr, "")));
}

}  // namespace

JsonOutcome Council::opinions(const std::string& slug, const std::optional<std::string>& fy,
                              const std::optional<std::string>& round_text, const Principal& who) {
  JsonOutcome out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const int year = query_fiscal_year(session, region_id, fy, clock_.current_fiscal_year());
        const auto round = query_round(round_text);
        const auto v = viewer_of(&who, slug);
        const auto towns = town_names(session, region_id);
        json::array items;
        for (const auto& o : storage::load_opinions(session, region_id, year, round.value_or(0))) {
          if (visible(o, v)) items.push_back(opinion_json(session, o, towns, v));
        }
        out = json::object{{"fiscal_year", fiscal_year_json(year)},
                           {"round", round ? json::value(*round) : json::value(nullptr)},
                           {"opinions", std::move(items)}};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::opinion(const std::string& slug, const std::string& id,
                               const Principal& who) {
  RecordOutcome out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const auto o = require_opinion(session, region_id, id);
        const auto v = viewer_of(&who, slug);
        // Outside the region an unpublished opinion does not exist.
        if (!visible(o, v)) fail(error_of(Errc::kNotFound, msg::council::opinion_not_found, id));
        out = Record{opinion_json(session, o, town_names(session, region_id), v), o.version};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::create_opinion(const std::string& slug, const json::object& body,
                                      const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto v = viewer_of(ctx.who, slug);
    const auto members = members_by_id(session, region_id);
    const auto towns = town_names(session, region_id);
    storage::OpinionRow o;
    o.region_id = region_id;
    o.received_on = core::to_string(unit.clock().today_in_japan());
    if (!v.secretariat) {
      // A council member submits written opinions only, as themselves.
      for (const char* key : {"remark_id", "submitter", "submitter_member_id", "assigned_to",
                              "comment_class", "internal_note", "received_on"}) {
        if (body.contains(key)) forbidden_field(key, msg::council::secretariat_sets_this);
      }
      if (const auto* s = body.if_contains("source");
          s != nullptr &&
          !(s->is_string() && core::opinion_source_from(std::string(s->as_string())) ==
                                  core::OpinionSource::kWritten))
        forbidden_field("source", msg::council::members_write_written_only);
      o.source = core::OpinionSource::kWritten;
      o.submitter = ctx.who != nullptr ? ctx.who->display_name : "";
      for (const auto& [mid, m] : members) {
        if (!v.login.empty() && m.user_login == v.login) {
          o.submitter = m.name;
          o.submitter_member_id = mid;
        }
      }
    }
    Input in{body, {}};
    in.refuse_unknown({"fiscal_year", "round", "source", "remark_id", "received_on", "kind",
                       "targets", "body", "submitter", "submitter_member_id", "assigned_to",
                       "comment_class", "internal_note"});
    std::optional<storage::RemarkRow> remark;
    if (in.has("remark_id")) {
      const auto& r = body.at("remark_id");
      remark = r.is_int64() ? storage::load_remark(session, region_id, r.as_int64()) : std::nullopt;
      if (!remark) in.errors.push_back(field_error("/remark_id", msg::council::remark_unknown));
    }
    if (v.secretariat) in.code("source", !remark, core::opinion_source_from, o.source);
    if (remark) {
      if (in.has("source") && o.source != core::OpinionSource::kMeeting)
        in.errors.push_back(field_error("/source", msg::council::remark_means_meeting));
      const auto m = storage::load_meeting(session, region_id, remark->meeting_id);
      o.source = core::OpinionSource::kMeeting;
      o.meeting_id = m->id;
      o.remark_id = remark->id;
      o.fiscal_year = m->fiscal_year;
      o.received_on = m->held_on;
      o.body = remark->body;
      o.submitter_member_id = remark->speaker_member_id;
      o.submitter = speaker_json(*remark, members, v).at("name").as_string().c_str();
    } else if (o.source == core::OpinionSource::kMeeting) {
      in.errors.push_back(field_error("/remark_id", msg::council::meeting_needs_remark));
    }
    if (!remark || in.has("fiscal_year"))
      in.fiscal_year(session, region_id, "fiscal_year", o.fiscal_year);
    read_round(in, o, true);
    in.date("received_on", false, o.received_on);
    in.code("kind", true, core::opinion_kind_from, o.kind);
    in.targets(session, region_id, "targets", o.targets);
    in.text("body", 8000, !remark, o.body);
    in.text("submitter", 200, false, o.submitter);
    read_submitter_member(members, in, o);
    read_assignment(towns, in, o);
    read_comment_class(in, o);
    in.text("internal_note", 4000, false, o.internal_note);
    check_consistency(in, o);
    in.done();
    o.status = core::OpinionStatus::kOpen;
    o.created_by = o.changed_by = actor_of(ctx);
    o.created_at = o.changed_at = unit.clock().now_utc_iso();
    o.sample = false;
    o.id = storage::insert_opinion(session, o);
    o.version = 1;
    unit.changed(region_id, slug, {"opinion", o.id});
    auto e = audit_entry(ctx, slug, "create", "opinion", std::to_string(o.id));
    e.after_json = audit_json(session, o, towns);
    unit.audit(std::move(e));
    return opinion_record(session, region_id, o.id, ctx, slug);
  });
}

RecordOutcome Council::update_opinion(const std::string& slug, const std::string& id,
                                      const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto existing = require_opinion(session, region_id, id);
    const auto v = viewer_of(ctx.who, slug);
    const auto towns = town_names(session, region_id);
    if (!v.secretariat) {
      // A town's editors answer the opinions assigned to their town, nothing else.
      if (existing.assigned_to.empty() || !v.towns.contains(existing.assigned_to))
        fail(error_of(Errc::kForbidden, msg::council::not_assigned_to_you));
      for (const auto& [k, val] : body) {
        if (k != "policy" && k != "answer" && k != "internal_note")
          forbidden_field(std::string(k), msg::council::secretariat_sets_this);
      }
    }
    check_version(ctx, slug, "opinion", id, existing.version,
                  json::serialize(opinion_json(session, existing, towns, v)));
    storage::OpinionRow o = existing;
    const auto members = members_by_id(session, region_id);
    Input in{body, {}};
    in.refuse_unknown({"fiscal_year", "round", "received_on", "kind", "targets", "body",
                       "submitter", "submitter_member_id", "assigned_to", "policy", "answer",
                       "comment_class", "internal_note", "published"});
    if (in.has("fiscal_year")) in.fiscal_year(session, region_id, "fiscal_year", o.fiscal_year);
    read_round(in, o, false);
    in.date("received_on", in.has("received_on"), o.received_on);
    in.code("kind", false, core::opinion_kind_from, o.kind);
    in.targets(session, region_id, "targets", o.targets);
    in.text("body", 8000, in.has("body"), o.body);
    in.text("submitter", 200, false, o.submitter);
    read_submitter_member(members, in, o);
    read_assignment(towns, in, o);
    in.text("policy", 4000, false, o.policy);
    in.text("answer", 8000, false, o.answer);
    read_comment_class(in, o);
    in.text("internal_note", 4000, false, o.internal_note);
    in.boolean("published", o.published);
    check_consistency(in, o);
    in.done();
    const std::string now = unit.clock().now_utc_iso();
    if (o.policy != existing.policy || o.answer != existing.answer) {
      o.answered_by = actor_of(ctx);
      o.answered_at = now;
    }
    o.changed_by = actor_of(ctx);
    o.changed_at = now;
    storage::update_opinion(session, o);
    ++o.version;
    unit.changed(region_id, slug, {"opinion", o.id});
    auto e = audit_entry(ctx, slug, "update", "opinion", id);
    e.before_json = audit_json(session, existing, towns);
    e.after_json = audit_json(session, o, towns);
    unit.audit(std::move(e));
    return opinion_record(session, region_id, o.id, ctx, slug);
  });
}

RecordOutcome Council::transition_opinion(const std::string& slug, const std::string& id,
                                          const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    return transition_opinion(unit, slug, id, body, ctx);
  });
}

Record Council::transition_opinion(UnitOfWork& unit, const std::string& slug, const std::string& id,
                                   const json::object& body, const EditContext& ctx) {
  auto& session = unit.session();
  const long long region_id = require_region(session, slug);
  const auto existing = require_opinion(session, region_id, id);
  const auto v = viewer_of(ctx.who, slug);
  const auto towns = town_names(session, region_id);
  Input in{body, {}};
  in.refuse_unknown({"status", "reason"});
  core::OpinionStatus to = existing.status;
  in.code("status", true, core::opinion_status_from, to);
  std::string reason;
  in.text("reason", 2000, false, reason);
  in.done();
  // Who may make this move (the same rule gives each caller's next_statuses).
  if (const Message* why = opinion_move_refused(existing, v, to))
    fail(error_of(Errc::kForbidden, *why));
  // If-Match is optional here; when sent, it must match the opinion's version.
  if (ctx.if_match) check_version(ctx, slug, "opinion", id, existing.version);
  if (!core::opinion_transition_allowed(existing.status, to))
    refuse_state(ctx, slug, "transition", "opinion", id, core::code(existing.status),
                 core::label(existing.status), core::code(to), core::label(to));
  if (to == core::OpinionStatus::kAnswered && existing.answer.empty())
    fail(invalid({field_error("/answer", msg::council::answer_required)}));
  if (core::reason_required(to) && reason.empty())
    fail(invalid({field_error("/reason", msg::council::reason_required)}));
  storage::OpinionRow o = existing;
  o.status = to;
  o.reason = reason;
  // An answer taken back for rework is no longer public.
  if (!core::has_answer(to)) o.published = false;
  o.changed_by = actor_of(ctx);
  o.changed_at = unit.clock().now_utc_iso();
  storage::update_opinion(session, o);
  ++o.version;
  unit.changed(region_id, slug, {"opinion", o.id});
  auto e = audit_entry(ctx, slug, "transition", "opinion", id);
  e.before_json = audit_json(session, existing, towns);
  e.after_json = audit_json(session, o, towns);
  unit.audit(std::move(e));
  return opinion_record(session, region_id, o.id, ctx, slug);
}

}  // namespace kyosei::app
