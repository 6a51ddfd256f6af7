// The unit tree's rules over time, without a database.
#include "services/org/structure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using Day = absl::CivilDay;

UnitVersion U(const std::string& id, const std::string& parent, Day from,
              std::optional<Day> to = std::nullopt,
              const std::string& pd = "dinkes", int seq = 1) {
  UnitVersion v;
  v.unit_id = id;
  v.seq = seq;
  v.from = from;
  v.to = to;
  v.pd_id = pd;
  v.parent_id = parent;
  v.display_name = id;
  v.kind = "BIDANG";
  return v;
}

const Day kJan(2025, 1, 1);
const Day kJul(2025, 7, 1);

TEST(UnitTimeline, AcceptsASoundTree) {
  UnitTimeline t({U("a", "", kJan), U("b", "a", kJan), U("c", "b", kJan)});
  EXPECT_THAT(t.Validate(kJan, 3), IsOk());
}

TEST(UnitTimeline, RefusesAMoveThatMakesACycle) {
  UnitTimeline t({U("a", "", kJan), U("b", "a", kJan)});
  UnitVersion next = *t.Latest("a");
  next.parent_id = "b";
  t.Propose("a", kJul, next);
  EXPECT_THAT(t.Validate(kJul, 5),
              StatusIs(absl::StatusCode::kFailedPrecondition, "UNIT_CYCLE"));
}

TEST(UnitTimeline, RefusesACycleThatOnlyAppearsOnALaterRecordedDate) {
  // b moves under c from July (already recorded); now c moves under b from
  // March: no cycle in March, a cycle from July.
  UnitTimeline t({U("a", "", kJan), U("b", "a", kJan, kJul),
                  U("b", "c", kJul, std::nullopt, "dinkes", 2),
                  U("c", "a", kJan)});
  UnitVersion next = *t.Latest("c");
  next.parent_id = "b";
  t.Propose("c", Day(2025, 3, 1), next);
  EXPECT_THAT(t.Validate(Day(2025, 3, 1), 5),
              StatusIs(absl::StatusCode::kFailedPrecondition, "UNIT_CYCLE"));
}

TEST(UnitTimeline, RefusesATreeDeeperThanTheProfileAllows) {
  UnitTimeline t({U("a", "", kJan), U("b", "a", kJan), U("c", "b", kJan)});
  EXPECT_THAT(
      t.Validate(kJan, 2),
      StatusIs(absl::StatusCode::kFailedPrecondition, "UNIT_TREE_TOO_DEEP"));
}

TEST(UnitTimeline, RefusesAParentThatIsGoneOrInAnotherPd) {
  UnitTimeline gone({U("a", "", kJan, kJul), U("b", "a", kJan)});
  EXPECT_THAT(
      gone.Validate(kJan, 3),
      StatusIs(absl::StatusCode::kFailedPrecondition, "PARENT_NOT_LIVE"));
  UnitTimeline other({U("a", "", kJan, std::nullopt, "dinkes"),
                      U("b", "a", kJan, std::nullopt, "disdik")});
  EXPECT_THAT(
      other.Validate(kJan, 3),
      StatusIs(absl::StatusCode::kFailedPrecondition, "PARENT_IN_OTHER_PD"));
}

TEST(UnitTimeline, FindsChildrenLiveOnOrAfterADate) {
  UnitTimeline t(
      {U("a", "", kJan), U("b", "a", kJan, kJul), U("c", "a", kJan)});
  EXPECT_THAT(t.ChildrenOnOrAfter("a", kJan), ::testing::ElementsAre("b", "c"));
  EXPECT_THAT(t.ChildrenOnOrAfter("a", kJul), ::testing::ElementsAre("c"));
  EXPECT_TRUE(t.IsInSubtree("c", "a", kJan));
  EXPECT_FALSE(t.IsInSubtree("a", "c", kJan));
}

TEST(UnitTimeline, ProposingKeepsHistory) {
  UnitTimeline t({U("a", "", kJan)});
  UnitVersion renamed = *t.Latest("a");
  renamed.display_name = "Bidang Baru";
  t.Propose("a", kJul, renamed);
  EXPECT_EQ(t.At("a", Day(2025, 3, 1))->display_name, "a");
  EXPECT_EQ(t.At("a", kJul)->display_name, "Bidang Baru");
  EXPECT_EQ(t.Latest("a")->seq, 2);
}

TEST(VersionForRead, AnswersDissolvedAfterTheEndAndNothingBeforeTheStart) {
  std::vector<UnitVersion> v = {U("a", "", kJan, kJul)};
  bool dissolved = false;
  EXPECT_EQ(VersionForRead(v, Day(2024, 12, 31), &dissolved), nullptr);
  ASSERT_NE(VersionForRead(v, Day(2025, 3, 1), &dissolved), nullptr);
  EXPECT_FALSE(dissolved);
  ASSERT_NE(VersionForRead(v, kJul, &dissolved), nullptr);
  EXPECT_TRUE(dissolved);
}

TEST(CheckChangeDate, RefusesBackdatingAndChangesToDissolvedUnits) {
  std::vector<UnitVersion> open = {U("a", "", kJul)};
  EXPECT_THAT(CheckChangeDate(open, kJan, "a"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "CHANGE_BEFORE_LATEST_VERSION"));
  EXPECT_THAT(CheckChangeDate(open, kJul, "a"), IsOk());
  std::vector<UnitVersion> closed = {U("a", "", kJan, kJul)};
  EXPECT_THAT(
      CheckChangeDate(closed, Day(2025, 8, 1), "a"),
      StatusIs(absl::StatusCode::kFailedPrecondition, "ALREADY_DISSOLVED"));
}

}  // namespace
}  // namespace sisker::org
