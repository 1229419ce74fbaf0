#include "core/progress/progress.hpp"

#include <gtest/gtest.h>

namespace kyosei::core {
namespace {

using P = ProgressStatus;
using S = SubmissionState;
using E = SubmissionEvent;

TEST(Progress, CodesAndLabelsRoundTrip) {
  for (auto s : kAllProgressStatuses) {
    EXPECT_EQ(progress_status_from(code(s)), s);
    EXPECT_EQ(progress_status_from(label(s)), s);
  }
  EXPECT_EQ(label(P::kDone), "実施済");
  EXPECT_FALSE(progress_status_from("finished"));
  EXPECT_EQ(next_direction_from("見直し"), NextDirection::kReview);
  EXPECT_EQ(code(NextDirection::kExpand), "expand");
  EXPECT_EQ(submission_state_from("差戻し"), S::kReturned);
  EXPECT_EQ(submission_event_from("return"), E::kReturn);
  EXPECT_FALSE(submission_event_from("差戻し"));  // events by code only
}

TEST(Progress, SubmissionTransitions) {
  EXPECT_EQ(transition(S::kNotSubmitted, E::kSubmit), S::kSubmitted);
  EXPECT_EQ(transition(S::kReturned, E::kSubmit), S::kSubmitted);
  EXPECT_EQ(transition(S::kSubmitted, E::kReturn), S::kReturned);
  EXPECT_EQ(transition(S::kSubmitted, E::kConfirm), S::kConfirmed);
  EXPECT_EQ(transition(S::kConfirmed, E::kReopen), S::kReturned);
  EXPECT_FALSE(transition(S::kSubmitted, E::kSubmit));
  EXPECT_FALSE(transition(S::kNotSubmitted, E::kConfirm));
  EXPECT_FALSE(transition(S::kConfirmed, E::kReturn));
  EXPECT_FALSE(transition(S::kReturned, E::kReopen));
}

TEST(Progress, WhoMayEditInWhichState) {
  EXPECT_TRUE(editable(S::kNotSubmitted, false));
  EXPECT_TRUE(editable(S::kReturned, false));
  EXPECT_FALSE(editable(S::kSubmitted, false));
  EXPECT_TRUE(editable(S::kSubmitted, true));
  EXPECT_FALSE(editable(S::kConfirmed, true));
  EXPECT_FALSE(editable(S::kConfirmed, false));
}

TEST(Progress, CombinedStatusOfAnAction) {
  EXPECT_FALSE(combined_status({}));
  const P done3[] = {P::kDone, P::kDone, P::kDone};
  EXPECT_EQ(combined_status(done3), P::kDone);
  const P done_cancelled[] = {P::kDone, P::kCancelled};
  EXPECT_EQ(combined_status(done_cancelled), P::kDone);
  const P cancelled[] = {P::kCancelled, P::kCancelled};
  EXPECT_EQ(combined_status(cancelled), P::kCancelled);
  const P mixed[] = {P::kDone, P::kPlanned};
  EXPECT_EQ(combined_status(mixed), P::kInProgress);
  const P waiting[] = {P::kPlanned, P::kPostponed};
  EXPECT_EQ(combined_status(waiting), P::kPlanned);
}

TEST(Progress, RollUpIsAWeightedMeanOfPresentValues) {
  EXPECT_FALSE(roll_up(std::span<const WeightedValue>{}));
  const WeightedValue plain[] = {{100.0, {}}, {50.0, {}}, {std::nullopt, {}}};
  EXPECT_DOUBLE_EQ(*roll_up(plain), 75.0);
  const WeightedValue weighted[] = {{100.0, 3.0}, {0.0, 1.0}};
  EXPECT_DOUBLE_EQ(*roll_up(weighted), 75.0);
  EXPECT_EQ(status_score(P::kInProgress), 50.0);
  EXPECT_FALSE(status_score(P::kCancelled));
}

}  // namespace
}  // namespace kyosei::core
