#include "core/council/council.hpp"

#include <charconv>

#include "core/common/labels.hpp"

namespace kyosei::core {
namespace {

constexpr EnumNames<OpinionSource, 3> kSource{{{{"meeting", "会議での発言"},
                                                {"written", "書面意見"},
                                                {"public_comment", "パブリックコメント"}}}};
constexpr EnumNames<OpinionKind, 4> kKind{{{{"proposal", "取組への提案"},
                                            {"evaluation", "評価への意見"},
                                            {"new_field", "新たな分野の提案"},
                                            {"other", "その他"}}}};
constexpr EnumNames<OpinionStatus, 6> kStatus{{{{"open", "未対応"},
                                                {"considering", "検討中"},
                                                {"answered", "回答済"},
                                                {"reflected", "反映済"},
                                                {"next_year", "次年度以降検討"},
                                                {"not_reflected", "反映しない"}}}};
constexpr EnumNames<CommentClass, 5> kClass{{{{"reflect", "反映"},
                                              {"already_reflected", "既に反映"},
                                              {"reference", "参考"},
                                              {"not_reflected", "反映しない"},
                                              {"other", "その他"}}}};
constexpr EnumNames<MeetingKind, 3> kMeetingKind{
    {{{"council", "懇談会"}, {"subcommittee", "分野別担当者部会"}, {"steering", "幹事会"}}}};
constexpr EnumNames<MeetingStatus, 3> kMeetingStatus{
    {{{"scheduled", "予定"}, {"held", "開催済"}, {"minutes_published", "議事録公開"}}}};
constexpr EnumNames<MinutesStatus, 3> kMinutes{
    {{{"draft", "下書き"}, {"approved", "承認済"}, {"published", "公開"}}}};
constexpr EnumNames<MaterialKind, 4> kMaterialKind{
    {{{"agenda", "次第"}, {"material", "資料"}, {"reference", "参考資料"}, {"minutes", "議事録"}}}};
constexpr EnumNames<MemberRole, 3> kRole{
    {{{"chair", "会長"}, {"vice_chair", "副会長"}, {"member", "委員"}}}};
constexpr EnumNames<MemberKind, 3> kMemberKind{
    {{{"member", "委員"}, {"observer", "オブザーバー"}, {"secretariat", "事務局"}}}};
constexpr EnumNames<TargetKind, 7> kTarget{{{{"vision", "ビジョン全体"},
                                             {"field", "分野"},
                                             {"category", "項目"},
                                             {"action", "具体的取組"},
                                             {"kpi", "成果指標"},
                                             {"round", "データ収集"},
                                             {"council-material", "懇談会資料"}}}};

}  // namespace

KYOSEI_ENUM_NAMES(OpinionSource, opinion_source_from, kSource)
KYOSEI_ENUM_NAMES(OpinionKind, opinion_kind_from, kKind)
KYOSEI_ENUM_NAMES(OpinionStatus, opinion_status_from, kStatus)
KYOSEI_ENUM_NAMES(CommentClass, comment_class_from, kClass)
KYOSEI_ENUM_NAMES(MeetingKind, meeting_kind_from, kMeetingKind)
KYOSEI_ENUM_NAMES(MeetingStatus, meeting_status_from, kMeetingStatus)
KYOSEI_ENUM_NAMES(MinutesStatus, minutes_status_from, kMinutes)
KYOSEI_ENUM_NAMES(MaterialKind, material_kind_from, kMaterialKind)
KYOSEI_ENUM_NAMES(MemberRole, member_role_from, kRole)
KYOSEI_ENUM_NAMES(MemberKind, member_kind_from, kMemberKind)

std::string_view code(TargetKind k) { return kTarget.code(k); }
std::string_view label(TargetKind k) { return kTarget.label(k); }
bool is_report(TargetKind k) {
  return k == TargetKind::kRound || k == TargetKind::kCouncilMaterial;
}

bool material_open_to_public(bool marked_public, MeetingStatus meeting) {
  return marked_public && meeting == MeetingStatus::kMinutesPublished;
}

bool opinion_transition_allowed(OpinionStatus from, OpinionStatus to) {
  using S = OpinionStatus;
  switch (from) {
    case S::kOpen: return to == S::kConsidering;
    case S::kConsidering: return to == S::kAnswered;
    case S::kAnswered:
      return to == S::kReflected || to == S::kNextYear || to == S::kNotReflected ||
             to == S::kConsidering;
    case S::kNextYear: return to == S::kConsidering;
    case S::kReflected:
    case S::kNotReflected: return false;
  }
  return false;
}

std::vector<OpinionStatus> opinion_next_statuses(OpinionStatus from) {
  std::vector<OpinionStatus> out;
  for (auto s : kAllOpinionStatuses) {
    if (opinion_transition_allowed(from, s)) out.push_back(s);
  }
  return out;
}

bool has_answer(OpinionStatus s) {
  return s == OpinionStatus::kAnswered || s == OpinionStatus::kReflected ||
         s == OpinionStatus::kNextYear || s == OpinionStatus::kNotReflected;
}

bool reason_required(OpinionStatus to) { return to == OpinionStatus::kNotReflected; }

bool meeting_transition_allowed(MeetingStatus from, MeetingStatus to) {
  return from == MeetingStatus::kScheduled && to == MeetingStatus::kHeld;
}

bool minutes_transition_allowed(MinutesStatus from, MinutesStatus to, MeetingStatus meeting) {
  using M = MinutesStatus;
  if (meeting == MeetingStatus::kScheduled) return false;  // no minutes before the meeting
  if (from == M::kDraft) return to == M::kApproved;
  if (from == M::kApproved) return to == M::kPublished || to == M::kDraft;
  return false;  // published minutes stay published
}

Quorum quorum(int members, int present) {
  Quorum q;
  q.members = members;
  q.present = present;
  q.required = members / 2 + 1;
  q.met = members > 0 && present >= q.required;
  return q;
}

bool valid_opinion_round(int round) { return round >= 1 && round <= kOpinionRounds; }

std::string to_string(const OpinionTarget& t) {
  if (t.kind == TargetKind::kVision) return "vision";
  return std::string(code(t.kind)) + ":" + std::to_string(t.id);
}

std::optional<OpinionTarget> parse_target(std::string_view text) {
  if (text == "vision") return OpinionTarget{TargetKind::kVision, 0};
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto kind = kTarget.from(text.substr(0, colon));
  if (!kind || *kind == TargetKind::kVision || kTarget.code(*kind) != text.substr(0, colon))
    return std::nullopt;
  const auto digits = text.substr(colon + 1);
  long long id = 0;
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return std::nullopt;
  return OpinionTarget{*kind, id};
}

std::string join_targets(const std::vector<OpinionTarget>& targets) {
  std::string out;
  for (const auto& t : targets) {
    if (!out.empty()) out += ';';
    out += to_string(t);
  }
  return out;
}

std::optional<std::vector<OpinionTarget>> split_targets(std::string_view text) {
  std::vector<OpinionTarget> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    auto t = parse_target(text.substr(start, end - start));
    if (!t) return std::nullopt;
    out.push_back(*t);
    start = end + 1;
  }
  return out;
}

}  // namespace kyosei::core
