#pragma once
// The council's vocabulary (協議会・懇談会, role ① of the council): opinions (意見) with
// their sources, kinds, statuses and the transitions between them, the classification of
// public-comment results, meetings with their kinds and the states of a meeting and of its
// minutes, the members' roles in the register, the quorum rule (過半数) and the plan items
// an opinion is about. docs/council.md explains the rules. Pure and thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kyosei::core {

// Where an opinion comes from: a remark in a meeting, a written opinion (書面意見), a
// public-comment period (パブリックコメント; the submitter is never public).
enum class OpinionSource { kMeeting, kWritten, kPublicComment };
std::string_view code(OpinionSource s);  // meeting / written / public_comment
std::string_view label(OpinionSource s);  // 会議での発言 / 書面意見 / パブリックコメント
std::optional<OpinionSource> opinion_source_from(std::string_view code_or_label);

// 取組への提案 / 評価への意見 / 新たな分野の提案 / その他
enum class OpinionKind { kProposal, kEvaluation, kNewField, kOther };
std::string_view code(OpinionKind k);  // proposal / evaluation / new_field / other
std::string_view label(OpinionKind k);  // 取組への提案 / 評価への意見 / 新たな分野の提案 / その他
std::optional<OpinionKind> opinion_kind_from(std::string_view code_or_label);

// 未対応 → 検討中 → 回答済 → 反映済 / 次年度以降検討 / 反映しない
enum class OpinionStatus { kOpen, kConsidering, kAnswered, kReflected, kNextYear, kNotReflected };
inline constexpr OpinionStatus kAllOpinionStatuses[] = {
    OpinionStatus::kOpen,      OpinionStatus::kConsidering, OpinionStatus::kAnswered,
    OpinionStatus::kReflected, OpinionStatus::kNextYear,    OpinionStatus::kNotReflected};
// open / considering / answered / reflected / next_year / not_reflected
std::string_view code(OpinionStatus s);
// 未対応 / 検討中 / 回答済 / 反映済 / 次年度以降検討 / 反映しない
std::string_view label(OpinionStatus s);
std::optional<OpinionStatus> opinion_status_from(std::string_view code_or_label);

// Whether an opinion may move from `from` to `to`:
//   未対応 → 検討中                      (taken up)
//   検討中 → 回答済                      (answered; needs the answer)
//   回答済 → 反映済 | 次年度以降検討 | 反映しない (反映しない needs a reason)
//   回答済 → 検討中                      (the answer is reworked)
//   次年度以降検討 → 検討中              (taken up again in a later year)
// Everything else (skipping a step, leaving 反映済 or 反映しない, staying put) is refused.
bool opinion_transition_allowed(OpinionStatus from, OpinionStatus to);
// The statuses reachable from `from`, in enum order.
std::vector<OpinionStatus> opinion_next_statuses(OpinionStatus from);
// 回答済 and the three outcomes: the opinion has an answer that may be published.
bool has_answer(OpinionStatus s);
// 反映しない needs a reason.
bool reason_required(OpinionStatus to);

// The usual classification of public-comment results.
// 反映 / 既に反映 / 参考 / 反映しない / その他
enum class CommentClass { kReflect, kAlreadyReflected, kReference, kNotReflected, kOther };
std::string_view code(
    CommentClass c);  // reflect / already_reflected / reference / not_reflected / other
std::string_view label(CommentClass c);  // 反映 / 既に反映 / 参考 / 反映しない / その他
std::optional<CommentClass> comment_class_from(std::string_view code_or_label);

// 懇談会 (the council) / 分野別担当者部会 (per field; may cover several) / 幹事会
enum class MeetingKind { kCouncil, kSubcommittee, kSteering };
std::string_view code(MeetingKind k);   // council / subcommittee / steering
std::string_view label(MeetingKind k);  // 懇談会 / 分野別担当者部会 / 幹事会
std::optional<MeetingKind> meeting_kind_from(std::string_view code_or_label);

// 予定 → 開催済 → 議事録公開
enum class MeetingStatus { kScheduled, kHeld, kMinutesPublished };
std::string_view code(MeetingStatus s);   // scheduled / held / minutes_published
std::string_view label(MeetingStatus s);  // 予定 / 開催済 / 議事録公開
std::optional<MeetingStatus> meeting_status_from(std::string_view code_or_label);

// The minutes (議事要旨・議事録): 下書き → 承認済 → 公開 (承認済 → 下書き to rework).
enum class MinutesStatus { kDraft, kApproved, kPublished };
std::string_view code(MinutesStatus s);   // draft / approved / published
std::string_view label(MinutesStatus s);  // 下書き / 承認済 / 公開
std::optional<MinutesStatus> minutes_status_from(std::string_view code_or_label);

// A meeting may only move forward one step: 予定 → 開催済 (議事録公開 follows the minutes).
bool meeting_transition_allowed(MeetingStatus from, MeetingStatus to);
// 下書き → 承認済 → 公開, 承認済 → 下書き; publishing needs a held meeting.
bool minutes_transition_allowed(MinutesStatus from, MinutesStatus to, MeetingStatus meeting);

// A meeting's material (ADR 0018): 次第 / 資料 / 参考資料 / 議事録
enum class MaterialKind { kAgenda, kMaterial, kReference, kMinutes };
std::string_view code(MaterialKind k);   // agenda / material / reference / minutes
std::string_view label(MaterialKind k);  // 次第 / 資料 / 参考資料 / 議事録
std::optional<MaterialKind> material_kind_from(std::string_view code_or_label);
// Whether a visitor without a role in the region may read a material: only one marked
// public of a meeting whose minutes are published (議事録公開). Members read every material.
bool material_open_to_public(bool marked_public, MeetingStatus meeting);

// 会長 / 副会長 / 委員
enum class MemberRole { kChair, kViceChair, kMember };
std::string_view code(MemberRole r);   // chair / vice_chair / member
std::string_view label(MemberRole r);  // 会長 / 副会長 / 委員
std::optional<MemberRole> member_role_from(std::string_view code_or_label);

// Who a register entry is: a member (委員, counts for the quorum), an observer (オブザーバー)
// or secretariat staff (事務局).
enum class MemberKind { kMember, kObserver, kSecretariat };
std::string_view code(MemberKind k);   // member / observer / secretariat
std::string_view label(MemberKind k);  // 委員 / オブザーバー / 事務局
std::optional<MemberKind> member_kind_from(std::string_view code_or_label);

// The quorum of a meeting: more than half of the members (過半数) must be present.
struct Quorum {
  int members = 0;   // members whose term covers the meeting date
  int present = 0;   // of them, present
  int required = 0;  // members / 2 + 1
  bool met = false;
};
Quorum quorum(int members, int present);

// 意見集約 rounds of a fiscal year: 第1回 … 第3回.
inline constexpr int kOpinionRounds = 3;
bool valid_opinion_round(int round);

// A plan item an opinion is about: the vision as a whole, or one field, category, action or
// KPI by id. Written "vision", "field:12", "category:3", "action:40", "kpi:7".
// The plan items an opinion or an agenda item is about, and the reports an agenda item may
// point at (ADR 0018): a data-collection round (round:{id}) and the yearly council material
// (council-material:{fiscal year}).
enum class TargetKind { kVision, kField, kCategory, kAction, kKpi, kRound, kCouncilMaterial };
// vision / field / category / action / kpi / round / council-material
std::string_view code(TargetKind k);
// ビジョン全体 / 分野 / 項目 / 具体的取組 / 成果指標 / データ収集 / 懇談会資料
std::string_view label(TargetKind k);
// A report rather than a plan item: only agenda items point at those.
bool is_report(TargetKind k);
struct OpinionTarget {
  TargetKind kind = TargetKind::kVision;
  long long id = 0;  // 0 for the vision
  friend bool operator==(const OpinionTarget&, const OpinionTarget&) = default;
};
std::string to_string(const OpinionTarget& t);
std::optional<OpinionTarget> parse_target(std::string_view text);
// Targets joined by ";" and back (nullopt when one part does not parse).
std::string join_targets(const std::vector<OpinionTarget>& targets);
std::optional<std::vector<OpinionTarget>> split_targets(std::string_view text);

}  // namespace kyosei::core
