// Meetings (懇談会, 分野別担当者部会, 幹事会): scheduling, the meeting's and the minutes' states,
// agenda, attendance with the quorum, and the minutes as remarks.

#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/council/council.hpp"
#include "app/council/internal.hpp"
#include "app/council/messages.hpp"
#include "app/plan/vision.hpp"

namespace kyosei::app {

namespace json = boost::json;
using namespace council;

namespace {

void read_agenda(storage::Session& session, long long region_id, Input& in,
                 storage::MeetingRow& m) {
  if (!in.has("agenda") || in.body.at("agenda").is_null()) return;
  if (!in.body.at("agenda").is_array()) {
    in.errors.push_back(field_error("/agenda", msg::council::agenda_expected));
    return;
  }
  std::vector<storage::AgendaItemRow> items;
  std::size_t i = 0;
  for (const auto& v : in.body.at("agenda").as_array()) {
    const std::string p = "/agenda/" + std::to_string(i++);
    if (!v.is_object()) {
      in.errors.push_back(field_error(p, msg::council::agenda_item_expected));
      continue;
    }
    Input item{v.as_object(), {}};
    item.refuse_unknown({"title", "targets"});
    storage::AgendaItemRow a;
    item.text("title", 500, true, a.title);
    item.targets(session, region_id, "targets", a.targets, true);
    for (auto& e : item.errors) {
      e.pointer = p + e.pointer;
      in.errors.push_back(std::move(e));
    }
    items.push_back(std::move(a));
  }
  if (items.size() > 100) in.errors.push_back(field_error("/agenda", msg::council::too_many_items));
  m.agenda = std::move(items);
}

// The fields of a meeting present in the body; `creating` makes the essentials required.
void read_meeting(storage::Session& session, long long region_id, Input& in, storage::MeetingRow& m,
                  bool creating) {
  in.code("kind", creating, core::meeting_kind_from, m.kind);
  in.field_ids(session, region_id, "field_ids", m.field_ids);
  if (creating || in.has("fiscal_year"))
    in.fiscal_year(session, region_id, "fiscal_year", m.fiscal_year);
  long long number = m.number;
  in.integer("number", creating, 1, 99, number);
  m.number = static_cast<int>(number);
  in.text("title", 200, false, m.title);
  in.date("held_on", creating || in.has("held_on"), m.held_on);
  in.time("starts_at", m.starts_at);
  in.time("ends_at", m.ends_at);
  in.text("place", 200, false, m.place);
  in.text("internal_note", 4000, false, m.internal_note);
  in.optional_count("observers", m.observers);
  read_agenda(session, region_id, in, m);
  if (m.kind == core::MeetingKind::kSubcommittee && m.field_ids.empty())
    in.errors.push_back(field_error("/field_ids", msg::council::subcommittee_needs_field));
  if (!m.starts_at.empty() && !m.ends_at.empty() && m.ends_at < m.starts_at)
    in.errors.push_back(field_error("/ends_at", msg::council::ends_before_start));
}

storage::MeetingRow require_meeting(storage::Session& session, long long region_id,
                                    const std::string& id_text) {
  auto id = parse_id(id_text);
  auto m = id ? storage::load_meeting(session, region_id, *id) : std::nullopt;
  if (!m) fail(error_of(Errc::kNotFound, msg::council::meeting_not_found, id_text));
  return *m;
}

// The meeting as the writer sees it (the answer of every meeting write).
Record meeting_record(storage::Session& session, const storage::MeetingRow& m,
                      const EditContext& ctx, const std::string& slug) {
  return Record{meeting_json(session, m, viewer_of(ctx.who, slug), true), m.version};
}

}  // namespace

JsonOutcome Council::meetings(const std::string& slug, const std::optional<std::string>& fy,
                              const Principal& who) {
  JsonOutcome out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const int year = query_fiscal_year(session, region_id, fy, clock_.current_fiscal_year());
        const auto v = viewer_of(&who, slug);
        json::array items;
        for (const auto& m : storage::load_meetings(session, region_id, year))
          items.push_back(meeting_json(session, m, v, false));
        out = json::object{{"fiscal_year", fiscal_year_json(year)}, {"meetings", std::move(items)}};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::meeting(const std::string& slug, const std::string& id,
                               const Principal& who) {
  RecordOutcome out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const auto m = require_meeting(session, region_id, id);
        out = Record{meeting_json(session, m, viewer_of(&who, slug), true), m.version};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::create_meeting(const std::string& slug, const json::object& body,
                                      const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    storage::MeetingRow m;
    m.region_id = region_id;
    Input in{body, {}};
    in.refuse_unknown({"kind", "field_ids", "fiscal_year", "number", "title", "held_on",
                       "starts_at", "ends_at", "place", "agenda", "internal_note", "observers"});
    read_meeting(session, region_id, in, m, true);
    in.done();
    m.created_by = actor_of(ctx);
    m.created_at = unit.clock().now_utc_iso();
    m.id = storage::insert_meeting(session, m);
    m.version = 1;
    unit.changed(region_id, slug, {"meeting", m.id});  // its title and agenda
    auto r = meeting_record(session, m, ctx, slug);
    auto e = audit_entry(ctx, slug, "create", "meeting", std::to_string(m.id));
    e.after_json = json::serialize(r.data);
    unit.audit(std::move(e));
    return r;
  });
}

RecordOutcome Council::update_meeting(const std::string& slug, const std::string& id,
                                      const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto existing = require_meeting(session, region_id, id);
    const auto before = meeting_record(session, existing, ctx, slug);
    check_version(ctx, slug, "meeting", id, existing.version, json::serialize(before.data));
    storage::MeetingRow m = existing;
    Input in{body, {}};
    in.refuse_unknown({"kind", "field_ids", "fiscal_year", "number", "title", "held_on",
                       "starts_at", "ends_at", "place", "agenda", "internal_note", "observers",
                       "status", "minutes_status"});
    read_meeting(session, region_id, in, m, false);
    in.code("status", false, core::meeting_status_from, m.status);
    in.code("minutes_status", false, core::minutes_status_from, m.minutes);
    in.done();
    if (m.status != existing.status) {
      // 議事録公開 follows the minutes; a meeting only moves 予定 → 開催済.
      if (!core::meeting_transition_allowed(existing.status, m.status))
        refuse_state(ctx, slug, "status", "meeting", id, core::code(existing.status),
                     core::label(existing.status), core::code(m.status), core::label(m.status));
    }
    if (m.minutes != existing.minutes) {
      if (!core::minutes_transition_allowed(existing.minutes, m.minutes, m.status))
        refuse_state(ctx, slug, "minutes", "meeting", id, core::code(existing.minutes),
                     core::label(existing.minutes), core::code(m.minutes), core::label(m.minutes));
      if (m.minutes == core::MinutesStatus::kPublished)
        m.status = core::MeetingStatus::kMinutesPublished;
    }
    storage::update_meeting(session, m);
    ++m.version;
    // Its title and agenda; its remarks and materials are indexed as public or internal by
    // the minutes status.
    unit.changed(region_id, slug, {"meeting", m.id});
    auto r = meeting_record(session, m, ctx, slug);
    auto e = audit_entry(ctx, slug, "update", "meeting", id);
    e.before_json = json::serialize(before.data);
    e.after_json = json::serialize(r.data);
    unit.audit(std::move(e));
    return r;
  });
}

RecordOutcome Council::put_attendance(const std::string& slug, const std::string& id,
                                      const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    auto m = require_meeting(session, region_id, id);
    const auto before = meeting_record(session, m, ctx, slug);
    check_version(ctx, slug, "meeting", id, m.version, json::serialize(before.data));
    Input in{body, {}};
    in.refuse_unknown({"attendance", "observers"});
    in.optional_count("observers", m.observers);
    std::vector<storage::AttendanceRow> rows;
    const auto members = members_by_id(session, region_id);
    if (!in.has("attendance") || !body.at("attendance").is_array()) {
      in.errors.push_back(field_error("/attendance", msg::council::attendance_expected));
    } else {
      std::size_t i = 0;
      for (const auto& v : body.at("attendance").as_array()) {
        const std::string p = "/attendance/" + std::to_string(i++);
        const auto* o = v.if_object();
        const auto* mid = o != nullptr ? o->if_contains("member_id") : nullptr;
        const auto* present = o != nullptr ? o->if_contains("present") : nullptr;
        if (mid == nullptr || !mid->is_int64() || !members.contains(mid->as_int64())) {
          in.errors.push_back(field_error(p + "/member_id", msg::council::member_not_in_register));
          continue;
        }
        if (present == nullptr || !present->is_bool()) {
          in.errors.push_back(field_error(p + "/present", msg::council::must_be_bool));
          continue;
        }
        bool dup = false;
        for (const auto& r : rows) dup = dup || r.member_id == mid->as_int64();
        if (dup) {
          in.errors.push_back(field_error(p + "/member_id", msg::council::member_twice));
          continue;
        }
        rows.push_back({mid->as_int64(), present->as_bool()});
      }
    }
    in.done();
    if (m.status == core::MeetingStatus::kScheduled)
      refuse_in_state(ctx, slug, "attendance", "meeting", id, core::code(m.status),
                      core::label(m.status), "attendance", msg::council::attendance_too_early);
    storage::replace_attendance(session, m.id, rows);
    storage::update_meeting(session, m);
    ++m.version;
    unit.changed_unindexed(region_id, slug);
    auto r = meeting_record(session, m, ctx, slug);
    auto e = audit_entry(ctx, slug, "attendance", "meeting", id);
    e.before_json = json::serialize(before.data);
    e.after_json = json::serialize(r.data);
    unit.audit(std::move(e));
    return r;
  });
}

namespace {

void read_remark(const Members& members, Input& in, storage::RemarkRow& r, bool creating) {
  in.refuse_unknown({"speaker_member_id", "speaker", "body", "internal_note"});
  if (in.has("speaker_member_id")) {
    const auto& v = in.body.at("speaker_member_id");
    if (v.is_null()) {
      r.speaker_member_id.reset();
    } else if (!v.is_int64() || !members.contains(v.as_int64())) {
      in.errors.push_back(field_error("/speaker_member_id", msg::council::member_not_in_register));
    } else {
      r.speaker_member_id = v.as_int64();
    }
  }
  in.text("speaker", 200, false, r.speaker);
  in.text("body", 8000, creating || in.has("body"), r.body);
  in.text("internal_note", 4000, false, r.internal_note);
  if (!r.speaker_member_id && r.speaker.empty())
    in.errors.push_back(field_error("/speaker", msg::council::speaker_required));
  in.done();
}

}  // namespace

RecordOutcome Council::add_remark(const std::string& slug, const std::string& meeting_id,
                                  const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto m = require_meeting(session, region_id, meeting_id);
    const auto members = members_by_id(session, region_id);
    storage::RemarkRow r;
    r.meeting_id = m.id;
    Input in{body, {}};
    read_remark(members, in, r, true);
    if (m.minutes != core::MinutesStatus::kDraft)
      refuse_in_state(ctx, slug, "create", "remark", meeting_id, core::code(m.minutes),
                      core::label(m.minutes), "remark", msg::council::remarks_closed);
    r.created_by = actor_of(ctx);
    r.created_at = unit.clock().now_utc_iso();
    r.id = storage::insert_remark(session, r);
    const auto stored = storage::load_remark(session, region_id, r.id);
    unit.changed(region_id, slug, {"minutes_draft", r.id});
    auto data = remark_json(*stored, members, viewer_of(ctx.who, slug));
    data["meeting_id"] = m.id;
    auto e = audit_entry(ctx, slug, "create", "remark", std::to_string(r.id));
    e.after_json = json::serialize(data);
    unit.audit(std::move(e));
    return Record{data, stored->version};
  });
}

RecordOutcome Council::update_remark(const std::string& slug, const std::string& meeting_id,
                                     const std::string& remark_id, const json::object& body,
                                     const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    const auto m = require_meeting(session, region_id, meeting_id);
    auto rid = parse_id(remark_id);
    auto existing = rid ? storage::load_remark(session, region_id, *rid) : std::nullopt;
    if (!existing || existing->meeting_id != m.id)
      fail(error_of(Errc::kNotFound, msg::council::remark_not_found, remark_id));
    const auto members = members_by_id(session, region_id);
    const auto v = viewer_of(ctx.who, slug);
    const auto before = remark_json(*existing, members, v);
    check_version(ctx, slug, "remark", remark_id, existing->version, json::serialize(before));
    storage::RemarkRow r = *existing;
    Input in{body, {}};
    read_remark(members, in, r, false);
    if (m.minutes != core::MinutesStatus::kDraft)
      refuse_in_state(ctx, slug, "update", "remark", remark_id, core::code(m.minutes),
                      core::label(m.minutes), "remark", msg::council::remarks_closed);
    storage::update_remark(session, r);
    ++r.version;
    unit.changed(region_id, slug, {"minutes_draft", r.id});
    auto data = remark_json(r, members, v);
    data["meeting_id"] = m.id;
    auto e = audit_entry(ctx, slug, "update", "remark", remark_id);
    e.before_json = json::serialize(before);
    e.after_json = json::serialize(data);
    unit.audit(std::move(e));
    return Record{data, r.version};
  });
}

}  // namespace kyosei::app
