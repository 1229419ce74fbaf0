#pragma once
// The council (協議会・懇談会): its register of members, observers and secretariat staff,
// meetings with their agenda, attendance and remarks (the minutes), and opinions (意見) with
// their answers: rows and queries. Functions take the caller's session, so reads can run
// inside a write transaction. Writers bump `version`; the use cases check If-Match first.

#include <optional>
#include <string>
#include <vector>

#include "core/council/council.hpp"
#include "storage/common/database.hpp"

namespace kyosei::storage {

struct MemberRow {
  long long id = 0;
  long long region_id = 0;
  std::string name;
  std::string organisation;  // 所属団体 (商工会議所, 医師会, …)
  std::string sector;        // 分野・区分 (産業, 医療, 住民代表, …)
  core::MemberRole role = core::MemberRole::kMember;
  core::MemberKind kind = core::MemberKind::kMember;
  std::string term_start;  // YYYY-MM-DD
  std::string term_end;    // YYYY-MM-DD, "" = open
  bool is_public = false;  // shown to the public (name, organisation, role, term)
  std::string user_login;  // the user account with the council member role, "" = none
  bool sample = false;
  std::string created_by;
  std::string created_at;
  int version = 0;
};

struct AgendaItemRow {
  std::string title;
  std::string targets;  // core::join_targets
};

struct MeetingRow {
  long long id = 0;
  long long region_id = 0;
  core::MeetingKind kind = core::MeetingKind::kCouncil;
  std::vector<long long> field_ids;  // a 部会's fields
  int fiscal_year = 0;
  int number = 0;  // 第n回
  std::string title;
  std::string held_on;    // YYYY-MM-DD
  std::string starts_at;  // HH:MM or ""
  std::string ends_at;    // HH:MM or ""
  std::string place;
  core::MeetingStatus status = core::MeetingStatus::kScheduled;
  core::MinutesStatus minutes = core::MinutesStatus::kDraft;
  std::optional<long long> observers;  // 傍聴者数
  std::string internal_note;
  bool sample = false;
  std::string created_by;
  std::string created_at;
  int version = 0;
  std::vector<AgendaItemRow> agenda;  // loaded with the meeting
};

struct AttendanceRow {
  long long member_id = 0;
  bool present = false;
};

struct RemarkRow {
  long long id = 0;
  long long meeting_id = 0;
  int position = 0;
  std::optional<long long> speaker_member_id;
  std::string speaker;  // the speaker's label when not a member (事務局, 南幌町, …)
  std::string body;
  std::string internal_note;
  bool sample = false;
  std::string created_by;
  std::string created_at;
  int version = 0;
};

struct OpinionRow {
  long long id = 0;
  long long region_id = 0;
  int fiscal_year = 0;
  int round = 1;
  core::OpinionSource source = core::OpinionSource::kWritten;
  std::optional<long long> meeting_id;
  std::optional<long long> remark_id;
  std::string received_on;  // YYYY-MM-DD
  core::OpinionKind kind = core::OpinionKind::kOther;
  std::string targets;  // core::join_targets
  std::string body;
  std::string submitter;
  std::optional<long long> submitter_member_id;
  std::string assigned_to;  // municipality code, "" = the secretariat
  std::string policy;       // 対応方針
  std::string answer;       // 回答
  std::string answered_by;
  std::string answered_at;
  core::OpinionStatus status = core::OpinionStatus::kOpen;
  std::string reason;
  std::string comment_class;  // core::CommentClass code, "" = none
  std::string internal_note;
  bool published = false;
  bool sample = false;
  std::string created_by;
  std::string created_at;
  std::string changed_by;
  std::string changed_at;
  int version = 0;
};

std::vector<MemberRow> load_members(Session& sql, long long region_id);
std::optional<MemberRow> load_member(Session& sql, long long region_id, long long id);
long long insert_member(Session& sql, const MemberRow& row);
void update_member(Session& sql, const MemberRow& row);  // version + 1

// The region's meetings of `fiscal_year` (every year when 0) by date, with their agenda.
std::vector<MeetingRow> load_meetings(Session& sql, long long region_id, int fiscal_year);
std::optional<MeetingRow> load_meeting(Session& sql, long long region_id, long long id);
long long insert_meeting(Session& sql, const MeetingRow& row);  // with the agenda
void update_meeting(Session& sql, const MeetingRow& row);       // with the agenda; version + 1

std::vector<AttendanceRow> load_attendance(Session& sql, long long meeting_id);
void replace_attendance(Session& sql, long long meeting_id, const std::vector<AttendanceRow>& rows);

std::vector<RemarkRow> load_remarks(Session& sql, long long meeting_id);
// A remark of one of the region's meetings.
std::optional<RemarkRow> load_remark(Session& sql, long long region_id, long long remark_id);
long long insert_remark(Session& sql, const RemarkRow& row);  // position = last + 1
void update_remark(Session& sql, const RemarkRow& row);       // version + 1

// The region's opinions of `fiscal_year` (every year when 0) and `round` (every round when
// 0), by year, round, received date and id.
std::vector<OpinionRow> load_opinions(Session& sql, long long region_id, int fiscal_year,
                                      int round);
std::optional<OpinionRow> load_opinion(Session& sql, long long region_id, long long id);
long long insert_opinion(Session& sql, const OpinionRow& row);
void update_opinion(Session& sql, const OpinionRow& row);  // version + 1

// The name (or text) of a plan item of the region, not deleted; nullopt when the item is
// not the region's. The vision's title for TargetKind::kVision.
std::optional<std::string> target_name(Session& sql, long long region_id,
                                       const core::OpinionTarget& target);
// Whether `login` is a user holding the council member role in the region.
bool council_user_exists(Session& sql, const std::string& region_slug, const std::string& login);
// How many sample meetings the region has in `fiscal_year` (the demo's marker).
int count_sample_meetings(Session& sql, long long region_id, int fiscal_year);

}  // namespace kyosei::storage
