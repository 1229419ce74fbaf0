#include "core/progress/progress.hpp"

#include <algorithm>
#include <array>

#include "core/common/labels.hpp"

namespace kyosei::core {
namespace {

constexpr EnumNames<ProgressStatus, 5> kStatus{{{{"planned", "予定"},
                                                 {"in_progress", "実施中"},
                                                 {"done", "実施済"},
                                                 {"postponed", "延期"},
                                                 {"cancelled", "中止"}}}};
constexpr EnumNames<NextDirection, 4> kNext{
    {{{"continue", "継続"}, {"expand", "拡充"}, {"review", "見直し"}, {"end", "終了"}}}};
constexpr EnumNames<SubmissionState, 4> kState{{{{"not_submitted", "未提出"},
                                                 {"submitted", "提出済"},
                                                 {"returned", "差戻し"},
                                                 {"confirmed", "確定"}}}};
constexpr EnumNames<SubmissionEvent, 4> kEvent{
    {{{"submit", "提出"}, {"return", "差戻し"}, {"confirm", "確定"}, {"reopen", "再開"}}}};

}  // namespace

KYOSEI_ENUM_NAMES(ProgressStatus, progress_status_from, kStatus)

KYOSEI_ENUM_NAMES(NextDirection, next_direction_from, kNext)

KYOSEI_ENUM_NAMES(SubmissionState, submission_state_from, kState)

std::string_view code(SubmissionEvent e) { return kEvent.code(e); }
std::optional<SubmissionEvent> submission_event_from(std::string_view s) {
  auto e = kEvent.from(s);
  // Events are addressed by code only (the labels overlap with states).
  if (e && kEvent.code(*e) != s) return std::nullopt;
  return e;
}

std::optional<SubmissionState> transition(SubmissionState from, SubmissionEvent event) {
  using S = SubmissionState;
  switch (event) {
    case SubmissionEvent::kSubmit:
      if (from == S::kNotSubmitted || from == S::kReturned) return S::kSubmitted;
      break;
    case SubmissionEvent::kReturn:
      if (from == S::kSubmitted) return S::kReturned;
      break;
    case SubmissionEvent::kConfirm:
      if (from == S::kSubmitted) return S::kConfirmed;
      break;
    case SubmissionEvent::kReopen:
      if (from == S::kConfirmed) return S::kReturned;
      break;
  }
  return std::nullopt;
}

bool editable(SubmissionState s, bool by_secretariat) {
  switch (s) {
    case SubmissionState::kNotSubmitted:
    case SubmissionState::kReturned: return true;
    case SubmissionState::kSubmitted: return by_secretariat;
    case SubmissionState::kConfirmed: return false;
  }
  return false;
}

std::optional<double> status_score(ProgressStatus s) {
  switch (s) {
    case ProgressStatus::kDone: return 100.0;
    case ProgressStatus::kInProgress: return 50.0;
    case ProgressStatus::kPlanned:
    case ProgressStatus::kPostponed: return 0.0;
    case ProgressStatus::kCancelled: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<ProgressStatus> combined_status(std::span<const ProgressStatus> statuses) {
  using P = ProgressStatus;
  if (statuses.empty()) return std::nullopt;
  std::vector<P> live;
  for (auto s : statuses) {
    if (s != P::kCancelled) live.push_back(s);
  }
  if (live.empty()) return P::kCancelled;
  if (std::all_of(live.begin(), live.end(), [&](P s) { return s == live.front(); }))
    return live.front();
  auto any = [&](P want) { return std::find(live.begin(), live.end(), want) != live.end(); };
  if (any(P::kInProgress) || any(P::kDone)) return P::kInProgress;
  if (any(P::kPlanned)) return P::kPlanned;
  return P::kPostponed;
}

std::optional<double> roll_up(std::span<const WeightedValue> parts) {
  double sum = 0;
  double weights = 0;
  for (const auto& p : parts) {
    if (!p.value) continue;
    const double w = p.weight.value_or(1.0);
    sum += *p.value * w;
    weights += w;
  }
  if (weights <= 0) return std::nullopt;
  return sum / weights;
}

}  // namespace kyosei::core
