// Sample (サンプル) council data for the demo region: the register, the year's 懇談会 and
// 部会 sessions with attendance and remarks, and opinions of the three 意見集約 rounds in
// several statuses, linked to plan items. Every record is marked sample and its text says
// so; the deck has no opinions, so all of this is invented for the demonstration.

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "app/common/messages.hpp"
#include "app/council/council.hpp"
#include "app/council/internal.hpp"
#include "app/council/messages.hpp"
#include "core/council/schedule.hpp"
#include "storage/council/schedule_store.hpp"
#include "storage/council/workspace_store.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;
using core::OpinionSource;
using core::OpinionStatus;

struct DemoMember {
  const char* name;
  const char* organisation;
  const char* sector;
  core::MemberRole role;
  core::MemberKind kind;
  bool is_public;
};

const DemoMember kMembers[] = {
    {"空知 一郎（サンプル）", "岩見沢商工会議所", "産業", core::MemberRole::kChair,
     core::MemberKind::kMember, true},
    {"夕張 花子（サンプル）", "南空知医師会", "医療", core::MemberRole::kViceChair,
     core::MemberKind::kMember, true},
    {"美唄 次郎（サンプル）", "農業協同組合", "農業", core::MemberRole::kMember,
     core::MemberKind::kMember, true},
    {"三笠 葉子（サンプル）", "社会福祉協議会", "福祉", core::MemberRole::kMember,
     core::MemberKind::kMember, false},
    {"南幌 三郎（サンプル）", "観光協会", "観光", core::MemberRole::kMember,
     core::MemberKind::kMember, true},
    {"由仁 桜（サンプル）", "子育て支援団体", "子育て", core::MemberRole::kMember,
     core::MemberKind::kMember, false},
    {"長沼 四郎（サンプル）", "公募", "住民代表", core::MemberRole::kMember,
     core::MemberKind::kMember, false},
    {"栗山 五月（サンプル）", "北海道空知総合振興局", "行政", core::MemberRole::kMember,
     core::MemberKind::kObserver, true},
    {"月形 六郎（サンプル）", "中心市 企画担当", "事務局", core::MemberRole::kMember,
     core::MemberKind::kSecretariat, false},
};

std::string on(int year, int month, int day) {
  return core::to_string(core::Date{year, month, day});
}

// The year's schedule from the cycle template, marked sample: the steps up to the
// revision done on their planned dates (懇談会 on the sample meetings' dates, linked to
// them), the publication left open (so the overdue mark shows once its date has passed),
// and the second 照会 deadline owned by the second town. Nothing when the year already has
// sample milestones; returns how many were written.
int write_sample_milestones(storage::Session& session, long long region_id, int fy,
                            const std::string& actor, const std::string& at) {
  if (storage::count_sample_milestones(session, region_id, fy) > 0) return 0;
  std::map<int, storage::MeetingRow> councils;  // by number
  for (auto& m : storage::load_meetings(session, region_id, fy))
    if (m.sample && m.kind == core::MeetingKind::kCouncil) councils[m.number] = m;
  const auto towns = storage::load_towns(session, region_id);
  int written = 0;
  int council_number = 0;
  int inquiry = 0;
  for (const auto& t : core::cycle_template(fy)) {
    storage::MilestoneRow m;
    m.region_id = region_id;
    m.fiscal_year = fy;
    m.kind = t.kind;
    m.title = t.title;
    m.planned_on = t.planned_on;
    m.note = "（サンプル）年間の型から作成。";
    if (t.kind == core::MilestoneKind::kCouncil) {
      if (auto it = councils.find(++council_number); it != councils.end()) {
        m.planned_on = it->second.held_on;
        m.meeting_id = it->second.id;
      }
    }
    if (t.kind == core::MilestoneKind::kInquiryDeadline && ++inquiry == 2 && towns.size() > 1)
      m.owner = towns[1].first;
    if (t.kind != core::MilestoneKind::kPublication) m.done_on = m.planned_on;
    m.sample = true;
    m.created_by = actor;
    m.created_at = at;
    storage::insert_milestone(session, m);
    ++written;
  }
  return written;
}

// The 部会's assessments of the four categories the deck starts from R8 (学校教育, 障がい者福祉,
// 環境・衛生, 道路インフラ): every town's scores on the viewpoints ❶–➏, notes marked
// （サンプル）, and each marked "propose for the next revision". Nothing when the year
// already has assessments; returns how many categories were assessed.
int write_sample_assessments(storage::Session& session, long long region_id, int fy,
                             const std::string& actor, const std::string& at) {
  if (storage::has_assessments(session, region_id, fy)) return 0;
  static constexpr const char* kCandidates[] = {"学校教育", "障がい者福祉", "環境・衛生",
                                                "道路インフラ"};
  const auto towns = storage::load_towns(session, region_id);
  int written = 0;
  int c = 0;
  for (const char* name : kCandidates) {
    ++c;
    const auto category = storage::category_by_name(session, region_id, name);
    if (!category) continue;
    int t = 0;
    for (const auto& town : towns) {
      ++t;
      std::vector<storage::AssessmentRow> rows;
      for (int v = 1; v <= core::kViewpoints; ++v) {
        // Invented but stable scores: higher for ❸ (a common issue) and ❺ (information shared).
        const int base = (v == 3 || v == 5) ? 2 : 1;
        const int score = std::min(3, base + ((c + t + v) % 3 == 0 ? 1 : 0));
        rows.push_back(
            {*category, fy, town.first, v, score, "（サンプル）部会での評価", actor, at});
      }
      storage::replace_assessments(session, *category, fy, town.first, rows);
    }
    storage::set_proposal(
        session, {*category, fy, "（サンプル）令和8年度からの実施に向けて提案", actor, at});
    ++written;
  }
  return written;
}

void audit_sample_milestones(UnitOfWork& unit, const std::string& slug, int fy,
                             const std::string& actor, int written) {
  storage::AuditEntry e;
  e.actor = actor;
  e.region_slug = slug;
  e.action = "create";
  e.record_type = "sample-schedule";
  e.record_id = std::to_string(fy);
  e.after_json = json::serialize(json::object{{"milestones", written}, {"sample", true}});
  unit.audit(std::move(e));
}

void audit_sample_assessments(UnitOfWork& unit, const std::string& slug, int fy,
                              const std::string& actor, int categories) {
  storage::AuditEntry e;
  e.actor = actor;
  e.region_slug = slug;
  e.action = "create";
  e.record_type = "sample-assessment";
  e.record_id = std::to_string(fy);
  e.after_json = json::serialize(json::object{{"categories", categories}, {"sample", true}});
  unit.audit(std::move(e));
}

}  // namespace

std::variant<int, Error> Council::load_demo(const std::string& slug, int fy,
                                            const std::string& actor) {
  return run_region_unit<int>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = council::require_region(session, slug);
    const std::string at = unit.clock().now_utc_iso();
    if (storage::count_sample_meetings(session, region_id, fy) > 0) {  // already there
      // A year written before the schedule existed gets its sample milestones.
      if (int n = write_sample_milestones(session, region_id, fy, actor, at); n > 0) {
        unit.changed(region_id, slug);
        audit_sample_milestones(unit, slug, fy, actor, n);
      }
      if (int n = write_sample_assessments(session, region_id, fy, actor, at); n > 0) {
        unit.changed_unindexed(region_id, slug);
        audit_sample_assessments(unit, slug, fy, actor, n);
      }
      return 0;
    }
    const auto actions = storage::load_actions(session, region_id, fy);
    const auto towns = storage::load_towns(session, region_id);
    if (actions.size() < 3 || towns.size() < 2)
      fail(error_of(Errc::kConflict, msg::council::demo_needs_plan));

    // The register: terms of two years from the start of the previous fiscal year.
    std::vector<long long> member_ids;
    for (const auto& d : kMembers) {
      storage::MemberRow m;
      m.region_id = region_id;
      m.name = d.name;
      m.organisation = d.organisation;
      m.sector = d.sector;
      m.role = d.role;
      m.kind = d.kind;
      m.term_start = on(fy - 1, 4, 1);
      m.term_end = on(fy + 1, 3, 31);
      m.is_public = d.is_public;
      m.sample = true;
      m.created_by = actor;
      m.created_at = at;
      member_ids.push_back(storage::insert_member(session, m));
    }
    // A member whose term ended, kept on the register.
    {
      storage::MemberRow m;
      m.region_id = region_id;
      m.name = "前任 委員（サンプル）";
      m.organisation = "岩見沢商工会議所";
      m.sector = "産業";
      m.term_start = on(fy - 3, 4, 1);
      m.term_end = on(fy - 1, 3, 31);
      m.sample = true;
      m.created_by = actor;
      m.created_at = at;
      storage::insert_member(session, m);
    }

    const auto& a0 = actions.front();
    const auto& a1 = actions[actions.size() / 2];
    const auto& a2 = actions.back();
    // The plan items the sample texts speak of, by category name, so that an opinion on
    // 移住相談 points at 移住・交流 (any region without them falls back to a0–a2).
    auto action_in = [&](std::string_view category,
                         const storage::ActionInfo& fallback) -> const storage::ActionInfo& {
      for (const auto& a : actions)
        if (a.category == category || a.field == category) return a;
      return fallback;
    };
    const auto& a_migration = action_in("移住・交流", a0);
    const auto& a_emergency = action_in("救急医療体制", a1);
    const auto& a_transport = action_in("公共交通", a2);
    const auto& a_people = action_in("人材育成", a2);
    const auto& a_library = action_in("図書館", a1);
    auto target = [](core::TargetKind k, long long id) { return core::OpinionTarget{k, id}; };

    // Meetings: three 懇談会 and two 部会.
    struct DemoMeeting {
      core::MeetingKind kind;
      std::vector<long long> fields;
      int number;
      std::string held_on;
      const char* place;
      core::MinutesStatus minutes;
      std::vector<const char*> remarks;  // by the members in order
    };
    const std::vector<DemoMeeting> meetings = {
        {core::MeetingKind::kCouncil,
         {},
         1,
         on(fy, 7, 15),
         "岩見沢市役所 大会議室",
         core::MinutesStatus::kPublished,
         {"（サンプル）移住相談の窓口を圏域で一本化してはどうか。",
          "（サンプル）救急医療の連携は評価できるが、夜間の体制に課題がある。"}},
        {core::MeetingKind::kSubcommittee,
         {a0.field_id},
         1,
         on(fy, 8, 20),
         "岩見沢市役所 会議室",
         core::MinutesStatus::kPublished,
         {"（サンプル）各町の取組状況を共有し、次年度の候補項目を整理した。"}},
        {core::MeetingKind::kSubcommittee,
         {a_people.field_id},
         1,
         on(fy, 9, 10),
         "南幌町役場 会議室",
         core::MinutesStatus::kDraft,
         {"（サンプル）広域での人材育成の進め方を議論した。"}},
        {core::MeetingKind::kCouncil,
         {},
         2,
         on(fy, 11, 18),
         "岩見沢市役所 大会議室",
         core::MinutesStatus::kApproved,
         {"（サンプル）公共交通の利用促進について新たな分野として検討を求める。"}},
        {core::MeetingKind::kCouncil,
         {},
         3,
         on(fy + 1, 2, 17),
         "岩見沢市役所 大会議室",
         core::MinutesStatus::kDraft,
         {"（サンプル）成果指標の目標値の見直しを提案する。"}},
    };
    std::vector<std::vector<long long>> remark_ids;
    std::vector<long long> meeting_ids;
    for (const auto& d : meetings) {
      storage::MeetingRow m;
      m.region_id = region_id;
      m.kind = d.kind;
      m.field_ids = d.fields;
      m.fiscal_year = fy;
      m.number = d.number;
      m.title =
          std::string(core::label(d.kind)) + " 第" + std::to_string(d.number) + "回（サンプル）";
      m.held_on = d.held_on;
      m.starts_at = "14:00";
      m.ends_at = "16:00";
      m.place = d.place;
      m.status = d.minutes == core::MinutesStatus::kPublished
                     ? core::MeetingStatus::kMinutesPublished
                     : core::MeetingStatus::kHeld;
      m.minutes = d.minutes;
      m.observers = d.kind == core::MeetingKind::kCouncil ? 2 : 0;
      m.internal_note = "（サンプル）事務局メモ：資料は前週までに送付。";
      m.agenda = {{"（サンプル）取組状況の報告",
                   core::join_targets({target(core::TargetKind::kCategory, a0.category_id)})},
                  {"（サンプル）意見交換", "vision"}};
      m.sample = true;
      m.created_by = actor;
      m.created_at = at;
      m.id = storage::insert_meeting(session, m);
      meeting_ids.push_back(m.id);
      // Attendance: every member but one present at the 懇談会.
      std::vector<storage::AttendanceRow> attendance;
      for (std::size_t i = 0; i < member_ids.size(); ++i)
        attendance.push_back({member_ids[i], i != 3});
      if (d.kind == core::MeetingKind::kCouncil)
        storage::replace_attendance(session, m.id, attendance);
      std::vector<long long> ids;
      for (std::size_t i = 0; i < d.remarks.size(); ++i) {
        storage::RemarkRow r;
        r.meeting_id = m.id;
        r.speaker_member_id = member_ids[i % 7];
        r.body = d.remarks[i];
        r.sample = true;
        r.created_by = actor;
        r.created_at = at;
        ids.push_back(storage::insert_remark(session, r));
      }
      {
        storage::RemarkRow r;  // the secretariat reports
        r.meeting_id = m.id;
        r.speaker = "事務局";
        r.body = "（サンプル）事務局から取組状況を報告した。";
        r.internal_note = "（サンプル）内部メモ：報告資料は第2版。";
        r.sample = true;
        r.created_by = actor;
        r.created_at = at;
        storage::insert_remark(session, r);
      }
      remark_ids.push_back(std::move(ids));
    }

    // Opinions of the three rounds.
    struct DemoOpinion {
      int round;
      OpinionSource source;
      int meeting;  // index into meetings, -1 = none
      int remark;   // index into that meeting's remarks
      core::OpinionKind kind;
      std::vector<core::OpinionTarget> targets;
      std::string body;
      std::string submitter;
      std::string assigned_to;
      std::string policy;
      std::string answer;
      OpinionStatus status;
      std::string reason;
      std::string comment_class;
      bool published;
      std::string received_on;
    };
    const std::string town_a = towns[0].first;
    const std::string town_b = towns[1].first;
    const std::vector<DemoOpinion> opinions = {
        {1,
         OpinionSource::kMeeting,
         0,
         0,
         core::OpinionKind::kProposal,
         {target(core::TargetKind::kCategory, a_migration.category_id)},
         "",
         "",
         "",
         "（サンプル）次期改訂で窓口の一本化を盛り込む。",
         "（サンプル）ご意見を踏まえ、圏域共通の相談窓口を設けます。",
         OpinionStatus::kReflected,
         "",
         "",
         true,
         ""},
        {1,
         OpinionSource::kMeeting,
         0,
         1,
         core::OpinionKind::kEvaluation,
         {target(core::TargetKind::kAction, a_emergency.id)},
         "",
         "",
         town_a,
         "（サンプル）夜間体制は中心市と協議する。",
         "（サンプル）夜間の体制は次年度以降に検討します。",
         OpinionStatus::kNextYear,
         "",
         "",
         true,
         ""},
        {1,
         OpinionSource::kWritten,
         -1,
         0,
         core::OpinionKind::kOther,
         {{core::TargetKind::kVision, 0}},
         "（サンプル）ビジョン全体の成果をわかりやすく公表してほしい。",
         kMembers[2].name,
         "",
         "",
         "（サンプル）ダッシュボードで公表します。",
         OpinionStatus::kAnswered,
         "",
         "",
         false,
         on(fy, 7, 31)},
        {2,
         OpinionSource::kMeeting,
         3,
         0,
         core::OpinionKind::kNewField,
         {target(core::TargetKind::kField, a_transport.field_id)},
         "",
         "",
         town_b,
         "（サンプル）部会で候補項目として整理する。",
         "",
         OpinionStatus::kConsidering,
         "",
         "",
         false,
         ""},
        {2,
         OpinionSource::kPublicComment,
         -1,
         0,
         core::OpinionKind::kProposal,
         {target(core::TargetKind::kAction, a_library.id)},
         "（サンプル）図書館の利用時間を延長してほしい。",
         "（サンプル）市民A",
         "",
         "（サンプル）利用状況を踏まえて判断する。",
         "（サンプル）現時点では延長の予定はありません。",
         OpinionStatus::kNotReflected,
         "（サンプル）利用実績が少なく費用に見合わないため。",
         "not_reflected",
         true,
         on(fy, 12, 5)},
        {2,
         OpinionSource::kPublicComment,
         -1,
         0,
         core::OpinionKind::kEvaluation,
         {{core::TargetKind::kVision, 0}},
         "（サンプル）連携の成果をもっと周知してほしい。",
         "（サンプル）市民B",
         "",
         "",
         "（サンプル）既に広報誌で周知しています。",
         OpinionStatus::kReflected,
         "",
         "already_reflected",
         true,
         on(fy, 12, 8)},
        {3,
         OpinionSource::kMeeting,
         4,
         0,
         core::OpinionKind::kEvaluation,
         {{core::TargetKind::kVision, 0}},
         "",
         "",
         "",
         "",
         "",
         OpinionStatus::kOpen,
         "",
         "",
         false,
         ""},
        {3,
         OpinionSource::kWritten,
         -1,
         0,
         core::OpinionKind::kProposal,
         {target(core::TargetKind::kCategory, a_migration.category_id),
          target(core::TargetKind::kAction, a_migration.id)},
         "（サンプル）若者の定着に向けた取組を強化してほしい。",
         kMembers[5].name,
         town_a,
         "",
         "",
         OpinionStatus::kOpen,
         "",
         "",
         false,
         on(fy + 1, 2, 20)},
    };
    int written = 0;
    for (const auto& d : opinions) {
      storage::OpinionRow o;
      o.region_id = region_id;
      o.fiscal_year = fy;
      o.round = d.round;
      o.source = d.source;
      o.kind = d.kind;
      o.targets = core::join_targets(d.targets);
      o.body = d.body;
      o.submitter = d.submitter;
      o.received_on = d.received_on;
      if (d.meeting >= 0) {
        const auto& dm = meetings[static_cast<std::size_t>(d.meeting)];
        o.meeting_id = meeting_ids[static_cast<std::size_t>(d.meeting)];
        o.remark_id =
            remark_ids[static_cast<std::size_t>(d.meeting)][static_cast<std::size_t>(d.remark)];
        o.body = dm.remarks[static_cast<std::size_t>(d.remark)];
        o.submitter_member_id = member_ids[static_cast<std::size_t>(d.remark) % 7];
        o.submitter = kMembers[static_cast<std::size_t>(d.remark) % 7].name;
        o.received_on = dm.held_on;
      } else if (d.source == OpinionSource::kWritten) {
        for (std::size_t i = 0; i < std::size(kMembers); ++i) {
          if (d.submitter == kMembers[i].name) o.submitter_member_id = member_ids[i];
        }
      }
      o.assigned_to = d.assigned_to;
      o.policy = d.policy;
      o.answer = d.answer;
      if (!d.answer.empty() || !d.policy.empty()) {
        o.answered_by = actor;
        o.answered_at = at;
      }
      o.status = d.status;
      o.reason = d.reason;
      o.comment_class = d.comment_class;
      o.internal_note = "（サンプル）内部メモ：担当課と調整中。";
      o.published = d.published;
      o.sample = true;
      o.created_by = o.changed_by = actor;
      o.created_at = o.changed_at = at;
      storage::insert_opinion(session, o);
      ++written;
    }
    const int milestones = write_sample_milestones(session, region_id, fy, actor, at);
    const int assessed = write_sample_assessments(session, region_id, fy, actor, at);
    unit.changed(region_id, slug);
    if (milestones > 0) audit_sample_milestones(unit, slug, fy, actor, milestones);
    if (assessed > 0) audit_sample_assessments(unit, slug, fy, actor, assessed);
    storage::AuditEntry e;
    e.actor = actor;
    e.region_slug = slug;
    e.action = "create";
    e.record_type = "sample-council";
    e.record_id = std::to_string(fy);
    e.after_json = json::serialize(json::object{{"members", member_ids.size() + 1},
                                                {"meetings", meeting_ids.size()},
                                                {"opinions", written},
                                                {"sample", true}});
    unit.audit(std::move(e));
    return written;
  });
}

}  // namespace kyosei::app
