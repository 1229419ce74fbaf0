#include "core/council/council.hpp"

#include <gtest/gtest.h>

namespace kyosei::core {
namespace {

using S = OpinionStatus;

TEST(Council, CodesAndLabelsRoundTrip) {
  for (auto s : kAllOpinionStatuses) {
    EXPECT_EQ(opinion_status_from(code(s)), s);
    EXPECT_EQ(opinion_status_from(label(s)), s);
  }
  EXPECT_EQ(label(S::kNextYear), "次年度以降検討");
  EXPECT_EQ(opinion_source_from("書面意見"), OpinionSource::kWritten);
  EXPECT_EQ(code(OpinionSource::kPublicComment), "public_comment");
  EXPECT_EQ(opinion_kind_from("new_field"), OpinionKind::kNewField);
  EXPECT_EQ(comment_class_from("既に反映"), CommentClass::kAlreadyReflected);
  EXPECT_EQ(meeting_kind_from("分野別担当者部会"), MeetingKind::kSubcommittee);
  EXPECT_EQ(label(MeetingStatus::kMinutesPublished), "議事録公開");
  EXPECT_EQ(member_role_from("副会長"), MemberRole::kViceChair);
  EXPECT_FALSE(opinion_status_from("done"));
  EXPECT_FALSE(opinion_kind_from(""));
}

TEST(Council, OpinionStatusMachine) {
  EXPECT_TRUE(opinion_transition_allowed(S::kOpen, S::kConsidering));
  EXPECT_TRUE(opinion_transition_allowed(S::kConsidering, S::kAnswered));
  EXPECT_TRUE(opinion_transition_allowed(S::kAnswered, S::kReflected));
  EXPECT_TRUE(opinion_transition_allowed(S::kAnswered, S::kNextYear));
  EXPECT_TRUE(opinion_transition_allowed(S::kAnswered, S::kNotReflected));
  EXPECT_TRUE(opinion_transition_allowed(S::kAnswered, S::kConsidering));
  EXPECT_TRUE(opinion_transition_allowed(S::kNextYear, S::kConsidering));
  // Skipping a step, staying put, leaving a final outcome: refused.
  EXPECT_FALSE(opinion_transition_allowed(S::kOpen, S::kAnswered));
  EXPECT_FALSE(opinion_transition_allowed(S::kOpen, S::kReflected));
  EXPECT_FALSE(opinion_transition_allowed(S::kConsidering, S::kReflected));
  EXPECT_FALSE(opinion_transition_allowed(S::kOpen, S::kOpen));
  EXPECT_FALSE(opinion_transition_allowed(S::kReflected, S::kConsidering));
  EXPECT_FALSE(opinion_transition_allowed(S::kNotReflected, S::kAnswered));
  EXPECT_FALSE(opinion_transition_allowed(S::kNextYear, S::kReflected));
  EXPECT_EQ(opinion_next_statuses(S::kAnswered),
            (std::vector<S>{S::kConsidering, S::kReflected, S::kNextYear, S::kNotReflected}));
  EXPECT_TRUE(opinion_next_statuses(S::kReflected).empty());
  EXPECT_TRUE(reason_required(S::kNotReflected));
  EXPECT_FALSE(reason_required(S::kNextYear));
  EXPECT_TRUE(has_answer(S::kNextYear));
  EXPECT_FALSE(has_answer(S::kConsidering));
}

TEST(Council, MeetingAndMinutesStates) {
  EXPECT_TRUE(meeting_transition_allowed(MeetingStatus::kScheduled, MeetingStatus::kHeld));
  EXPECT_FALSE(meeting_transition_allowed(MeetingStatus::kHeld, MeetingStatus::kScheduled));
  EXPECT_FALSE(
      meeting_transition_allowed(MeetingStatus::kScheduled, MeetingStatus::kMinutesPublished));
  using M = MinutesStatus;
  EXPECT_TRUE(minutes_transition_allowed(M::kDraft, M::kApproved, MeetingStatus::kHeld));
  EXPECT_TRUE(minutes_transition_allowed(M::kApproved, M::kPublished, MeetingStatus::kHeld));
  EXPECT_TRUE(minutes_transition_allowed(M::kApproved, M::kDraft, MeetingStatus::kHeld));
  EXPECT_FALSE(minutes_transition_allowed(M::kDraft, M::kPublished, MeetingStatus::kHeld));
  EXPECT_FALSE(minutes_transition_allowed(M::kDraft, M::kApproved, MeetingStatus::kScheduled));
  EXPECT_FALSE(
      minutes_transition_allowed(M::kPublished, M::kDraft, MeetingStatus::kMinutesPublished));
}

TEST(Council, QuorumIsMoreThanHalf) {
  EXPECT_EQ(quorum(10, 6).required, 6);
  EXPECT_TRUE(quorum(10, 6).met);
  EXPECT_FALSE(quorum(10, 5).met);  // exactly half is not a majority
  EXPECT_TRUE(quorum(9, 5).met);
  EXPECT_FALSE(quorum(9, 4).met);
  EXPECT_FALSE(quorum(0, 0).met);
}

TEST(Council, MaterialsOpenToThePublicOnlyWhenMarkedAndMinutesPublished) {
  EXPECT_TRUE(material_open_to_public(true, MeetingStatus::kMinutesPublished));
  EXPECT_FALSE(material_open_to_public(false, MeetingStatus::kMinutesPublished));
  EXPECT_FALSE(material_open_to_public(true, MeetingStatus::kHeld));
  EXPECT_FALSE(material_open_to_public(true, MeetingStatus::kScheduled));
  EXPECT_EQ(material_kind_from("議事録"), MaterialKind::kMinutes);
  EXPECT_EQ(material_kind_from("agenda"), MaterialKind::kAgenda);
  EXPECT_FALSE(material_kind_from("写真"));
  EXPECT_EQ(label(MaterialKind::kReference), "参考資料");
}

TEST(Council, RoundsAndTargets) {
  EXPECT_TRUE(valid_opinion_round(1));
  EXPECT_TRUE(valid_opinion_round(3));
  EXPECT_FALSE(valid_opinion_round(0));
  EXPECT_FALSE(valid_opinion_round(4));
  EXPECT_EQ(parse_target("vision"), (OpinionTarget{TargetKind::kVision, 0}));
  EXPECT_EQ(parse_target("category:12"), (OpinionTarget{TargetKind::kCategory, 12}));
  EXPECT_FALSE(parse_target("category:0"));
  EXPECT_FALSE(parse_target("category:x"));
  EXPECT_FALSE(parse_target("項目:3"));
  EXPECT_FALSE(parse_target("vision:3"));
  EXPECT_FALSE(parse_target("kpi:"));
  const std::vector<OpinionTarget> ts = {{TargetKind::kField, 1}, {TargetKind::kKpi, 7}};
  EXPECT_EQ(join_targets(ts), "field:1;kpi:7");
  EXPECT_EQ(split_targets("field:1;kpi:7"), ts);
  EXPECT_FALSE(split_targets("field:1;;kpi:7"));
  EXPECT_TRUE(split_targets("")->empty());
}

}  // namespace
}  // namespace kyosei::core
