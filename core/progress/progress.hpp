#pragma once
// Progress management vocabulary: the status of an action in one town (取組状況), the
// evaluation's next-year direction, the states of a town's submission in a data-collection
// round (照会) and their transitions, and the progress roll-up rule (docs/progress.md).
// All functions are pure and thread-safe.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kyosei::core {

// 予定 / 実施中 / 実施済 / 延期 / 中止
enum class ProgressStatus { kPlanned, kInProgress, kDone, kPostponed, kCancelled };
inline constexpr ProgressStatus kAllProgressStatuses[] = {
    ProgressStatus::kPlanned, ProgressStatus::kInProgress, ProgressStatus::kDone,
    ProgressStatus::kPostponed, ProgressStatus::kCancelled};
std::string_view code(ProgressStatus s);   // planned / in_progress / done / postponed / cancelled
std::string_view label(ProgressStatus s);  // 予定 / 実施中 / 実施済 / 延期 / 中止
std::optional<ProgressStatus> progress_status_from(std::string_view code_or_label);

// 継続 / 拡充 / 見直し / 終了
enum class NextDirection { kContinue, kExpand, kReview, kEnd };
std::string_view code(NextDirection d);   // continue / expand / review / end
std::string_view label(NextDirection d);  // 継続 / 拡充 / 見直し / 終了
std::optional<NextDirection> next_direction_from(std::string_view code_or_label);

// A town's submission in a round: 未提出 → 提出済 → (差戻し → 提出済 …) → 確定.
enum class SubmissionState { kNotSubmitted, kSubmitted, kReturned, kConfirmed };
std::string_view code(SubmissionState s);   // not_submitted / submitted / returned / confirmed
std::string_view label(SubmissionState s);  // 未提出 / 提出済 / 差戻し / 確定
std::optional<SubmissionState> submission_state_from(std::string_view code_or_label);

enum class SubmissionEvent { kSubmit, kReturn, kConfirm, kReopen };
std::string_view code(SubmissionEvent e);  // submit / return / confirm / reopen
std::optional<SubmissionEvent> submission_event_from(std::string_view code);

// The state after `event`, or nullopt when the event is not allowed in `from`:
//   submit:  未提出 | 差戻し → 提出済      (the town hands in)
//   return:  提出済 → 差戻し              (the secretariat sends back, with a reason)
//   confirm: 提出済 → 確定                (the secretariat accepts; the period locks)
//   reopen:  確定 → 差戻し                (the secretariat unlocks, with a reason)
std::optional<SubmissionState> transition(SubmissionState from, SubmissionEvent event);

// Whether a town's records of the period may change in this state: always in 未提出 and
// 差戻し; in 提出済 only by the secretariat (the town waits for the review); never in 確定.
bool editable(SubmissionState s, bool by_secretariat);

// Progress of one town's record, in percent: 実施済 100, 実施中 50, 予定 0, 延期 0;
// 中止 is left out of the averages (nullopt).
std::optional<double> status_score(ProgressStatus s);

// The one status shown for an action from its towns' records (docs/progress.md):
// nullopt without records; the common status when all agree (ignoring 中止 unless all are);
// otherwise 実施中 when any town has started or finished, else 予定 when any is planned,
// else 延期.
std::optional<ProgressStatus> combined_status(std::span<const ProgressStatus> statuses);

// A weighted mean of the present values (weight 1 when absent); nullopt when none present.
struct WeightedValue {
  std::optional<double> value;
  std::optional<double> weight;
};
std::optional<double> roll_up(std::span<const WeightedValue> parts);

}  // namespace kyosei::core
