#pragma once
// The council's work (issue 12, role ① of the council): the register of members,
// observers and secretariat staff; meetings (懇談会, 分野別担当者部会, 幹事会) with their agenda,
// attendance and quorum, and minutes as remarks; opinions (意見) from remarks, written
// opinions (書面意見) and public comments, with their answers, statuses and the 意見対応表.
// docs/council.md describes the rules; docs/permissions.md who may call what.
//
// Who sees what (every read takes the caller): the public sees the public members, meeting
// dates and places, published minutes (without internal notes, non-public members shown
// as 委員) and published opinions with their answers (never a submitter); the region's
// members (any role) see everything but internal notes and the submitters of public
// comments; the secretariat (and admins) see everything; a town's editors also see the
// internal notes of the opinions assigned to their town.
//
// Every write is one unit of work (app/common/unit_of_work.hpp): one transaction with the
// region's change counter advanced, its search documents refreshed and an audit entry;
// refused transitions (409) and stale versions (412) are audited too. Thread-safe.
//
// Files: members.cpp, meetings.cpp, materials.cpp (a meeting's files), opinions.cpp, table.cpp (the
// 意見対応表), schedule.cpp (the year's milestones), workspace.cpp (the subcommittee workspace),
// demo.cpp (sample data), internal.* (shared helpers), views.hpp (the table's read model).

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "app/common/principal.hpp"
#include "app/common/unit_of_work.hpp"
#include "app/council/views.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

using JsonOutcome = std::variant<boost::json::object, Error>;

// A meeting's material as it is uploaded: the query parameters of the upload (nullopt =
// absent) and the bytes (the request body).
struct MaterialUpload {
  std::optional<std::string> name;       // the file name
  std::optional<std::string> title;      // required
  std::optional<std::string> kind;       // agenda / material / reference / minutes (or the label)
  std::optional<std::string> number;     // 資料番号, optional
  std::optional<std::string> is_public;  // "true" / "false" (default false)
  std::string bytes;
};

// A material's file for download.
struct MaterialFile {
  std::string file_name;
  std::string media_type;
  std::string content;  // bytes
  std::string sha256;
};

class Council {
 public:
  explicit Council(storage::Database& db, const Clock& clock = system_clock())
      : db_(db), clock_(clock) {}

  // ---- the register (members.cpp) ----
  // {"members":[…]}: everyone for members of the region, the public entries otherwise.
  JsonOutcome members(const std::string& slug, const Principal& who);
  // Body {"name", "organisation"?, "sector"?, "role"?, "kind"?, "term_start", "term_end"?,
  // "public"?, "user_login"?}.
  RecordOutcome add_member(const std::string& slug, const boost::json::object& body,
                           const EditContext& ctx);
  // The same fields, any subset; If-Match required. Ending a term keeps the entry.
  RecordOutcome update_member(const std::string& slug, const std::string& id,
                              const boost::json::object& body, const EditContext& ctx);

  // ---- meetings (meetings.cpp) ----
  // {"fiscal_year", "meetings":[…]} of ?fy= (default: the current fiscal year).
  JsonOutcome meetings(const std::string& slug, const std::optional<std::string>& fy,
                       const Principal& who);
  // One meeting with its attendance, quorum and remarks (as the caller may see them).
  RecordOutcome meeting(const std::string& slug, const std::string& id, const Principal& who);
  // Body {"kind", "field_ids"?, "fiscal_year", "number", "title"?, "held_on", "starts_at"?,
  // "ends_at"?, "place"?, "agenda"?:[{"title","targets"?}], "internal_note"?}.
  RecordOutcome create_meeting(const std::string& slug, const boost::json::object& body,
                               const EditContext& ctx);
  // The same fields plus "status" (scheduled → held) and "minutes_status" (draft → approved
  // → published; publishing sets the meeting to 議事録公開). If-Match required; refused
  // moves are 409 and audited.
  RecordOutcome update_meeting(const std::string& slug, const std::string& id,
                               const boost::json::object& body, const EditContext& ctx);
  // Body {"attendance":[{"member_id","present"}], "observers"?}; the meeting's If-Match.
  RecordOutcome put_attendance(const std::string& slug, const std::string& id,
                               const boost::json::object& body, const EditContext& ctx);
  // Body {"speaker_member_id"? | "speaker"?, "body", "internal_note"?}; only while the
  // minutes are a draft.
  RecordOutcome add_remark(const std::string& slug, const std::string& meeting_id,
                           const boost::json::object& body, const EditContext& ctx);
  RecordOutcome update_remark(const std::string& slug, const std::string& meeting_id,
                              const std::string& remark_id, const boost::json::object& body,
                              const EditContext& ctx);

  // ---- a meeting's materials (materials.cpp; ADR 0018) ----
  // {"meeting_id", "materials":[…]}: every material for the region's members; for anyone
  // else only those marked public of a meeting whose minutes are published (else an empty
  // list). 404 for an unknown meeting.
  JsonOutcome materials(const std::string& slug, const std::string& meeting_id,
                        const Principal& who);
  // Adds a material (the secretariat; the route checks the role). Problems of the title,
  // kind, number, public flag, file name and bytes are one 422 naming each field; a file
  // over the limit is 413; nothing is written then.
  RecordOutcome add_material(const std::string& slug, const std::string& meeting_id,
                             const MaterialUpload& upload, const EditContext& ctx);
  // The file, under the same rule as the list; 404 (without disclosing it exists) when the
  // caller may not read it.
  std::variant<MaterialFile, Error> material(const std::string& slug, const std::string& meeting_id,
                                             const std::string& material_id, const Principal& who);
  // Body: any of "title", "number" (資料番号), "kind", "public". If-Match (the material's
  // version) required; the upload's text rules, 422 naming the field; audited with the
  // metadata before and after. A material the caller cannot see or that was deleted is 404.
  RecordOutcome update_material(const std::string& slug, const std::string& meeting_id,
                                const std::string& material_id, const boost::json::object& body,
                                const EditContext& ctx);
  // Marks the material deleted (its bytes stay for the history); audited.
  std::optional<Error> remove_material(const std::string& slug, const std::string& meeting_id,
                                       const std::string& material_id, const EditContext& ctx);

  // ---- opinions (opinions.cpp) ----
  // {"fiscal_year", "round", "opinions":[…]} of ?fy= and ?round= (every round when absent).
  JsonOutcome opinions(const std::string& slug, const std::optional<std::string>& fy,
                       const std::optional<std::string>& round, const Principal& who);
  RecordOutcome opinion(const std::string& slug, const std::string& id, const Principal& who);
  // Body {"fiscal_year", "round", "source", "remark_id"?, "received_on"?, "kind",
  // "targets":[…], "body", "submitter"?, "submitter_member_id"?, "assigned_to"?,
  // "comment_class"?, "internal_note"?}. A council member (not the secretariat) submits
  // only written opinions, as themselves.
  RecordOutcome create_opinion(const std::string& slug, const boost::json::object& body,
                               const EditContext& ctx);
  // The secretariat: any field and "published"; the editors of the assigned town: "policy",
  // "answer", "internal_note". If-Match required.
  RecordOutcome update_opinion(const std::string& slug, const std::string& id,
                               const boost::json::object& body, const EditContext& ctx);
  // Body {"status", "reason"?}; If-Match optional. Refused moves are 409 and audited.
  RecordOutcome transition_opinion(const std::string& slug, const std::string& id,
                                   const boost::json::object& body, const EditContext& ctx);
  static Record transition_opinion(UnitOfWork& unit, const std::string& slug, const std::string& id,
                                   const boost::json::object& body, const EditContext& ctx);

  // ---- the 意見対応表 (table.cpp) ----
  std::variant<OpinionTable, Error> table(const std::string& slug,
                                          const std::optional<std::string>& fy,
                                          const std::optional<std::string>& round,
                                          const Principal& who);

  // ---- the year's schedule (schedule.cpp) ----
  // {"fiscal_year", "today", "public_only", "overdue_count"|null, "milestones":[…]} of ?fy=:
  // members see every milestone with its owner, note and overdue mark; others the public
  // kinds (懇談会, 公表) with their dates only.
  JsonOutcome schedule(const std::string& slug, const std::optional<std::string>& fy,
                       const Principal& who);
  // Body {"fiscal_year", "kind", "title", "planned_on", "done_on"?, "owner"?, "note"?,
  // "meeting_id"?}; the planned date lies in the fiscal year.
  RecordOutcome create_milestone(const std::string& slug, const boost::json::object& body,
                                 const EditContext& ctx);
  // The same fields (the secretariat), or "done_on" and "note" (the editors of the owner
  // town). If-Match required.
  RecordOutcome update_milestone(const std::string& slug, const std::string& id,
                                 const boost::json::object& body, const EditContext& ctx);
  // Marks the milestone deleted; If-Match required.
  std::optional<Error> delete_milestone(const std::string& slug, const std::string& id,
                                        const EditContext& ctx);
  // Body {"fiscal_year", "preview"?}: the cycle template's milestones (July–March) the year
  // does not have yet (same kind and title), written in one unit unless `preview`.
  // {"fiscal_year", "preview", "skipped", "milestones":[…]}.
  JsonOutcome schedule_from_template(const std::string& slug, const boost::json::object& body,
                                     const EditContext& ctx);

  // ---- the subcommittee workspace (workspace.cpp) ----
  // One field's workspace in ?fy=: {"field", "fiscal_year", "can_write", "can_mark",
  // "assess_towns", "sessions":[meeting], "threads":[{…, "posts"}], "categories":[{id, name,
  // stage, "assessment":{"towns":[…], "totals":[6], "total"}, "proposal"|null}]}.
  JsonOutcome workspace(const std::string& slug, const std::string& field_id,
                        const std::optional<std::string>& fy, const Principal& who);
  // Body {"field_id", "target" (category:ID or action:ID of the field), "title", "body"}.
  RecordOutcome create_thread(const std::string& slug, const boost::json::object& body,
                              const EditContext& ctx);
  // Body {"body"}: a post in the thread.
  RecordOutcome add_post(const std::string& slug, const std::string& thread_id,
                         const boost::json::object& body, const EditContext& ctx);
  // Body {"fiscal_year", "municipality", "scores":[{"viewpoint" 1–6, "score" 0–3, "note"?}]}:
  // replaces that town's scores of the category and year.
  JsonOutcome put_assessment(const std::string& slug, const std::string& category_id,
                             const boost::json::object& body, const EditContext& ctx);
  // Body {"fiscal_year", "proposed", "reason"?}: sets or clears the "propose for the next
  // revision" mark (the secretariat, subcommittee members of the category's field).
  JsonOutcome put_proposal(const std::string& slug, const std::string& category_id,
                           const boost::json::object& body, const EditContext& ctx);
  // The categories marked for the next revision in `fiscal_year` (for the revisions feature).
  std::variant<std::vector<ProposedCategory>, Error> proposed_categories(const std::string& slug,
                                                                         int fiscal_year);

  // ---- sample data (demo.cpp) ----
  // Members, the fiscal year's 懇談会 and 部会 sessions with remarks, and opinions of the
  // three rounds in several statuses, all marked sample (サンプル). Nothing is written when
  // the year already has sample meetings (returns 0); else the number of opinions written.
  std::variant<int, Error> load_demo(const std::string& slug, int fiscal_year,
                                     const std::string& actor);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace kyosei::app
