#include "common/page_token.h"

#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"

namespace sisker::common {
namespace {

using ::sisker::testing::StatusIs;

TEST(PageTokens, RoundTripsTheCursorForTheSameQuery) {
  PageTokens tokens("0123456789abcdef0123");
  std::string t = tokens.Encode("units|kampar|2025-01-01", "dinkes-bid");
  auto cursor = tokens.Decode("units|kampar|2025-01-01", t);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(*cursor, "dinkes-bid");
}

TEST(PageTokens, RefusesATokenFromAnotherQuery) {
  PageTokens tokens("0123456789abcdef0123");
  std::string t = tokens.Encode("units|kampar|2025-01-01", "x");
  EXPECT_THAT(tokens.Decode("units|paser|2025-01-01", t),
              StatusIs(absl::StatusCode::kInvalidArgument, "INVALID_FIELDS"));
}

TEST(PageTokens, RefusesForgedAndGarbageTokens) {
  PageTokens tokens("0123456789abcdef0123");
  PageTokens other("another-secret-0123456");
  EXPECT_THAT(tokens.Decode("q", other.Encode("q", "x")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(tokens.Decode("q", "!!!"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(tokens.Decode("q", "YQ"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(PageSize, DefaultsCapsAndRefusesNegative) {
  EXPECT_EQ(*EffectivePageSize(0, {50, 500}), 50);
  EXPECT_EQ(*EffectivePageSize(9999, {50, 500}), 500);
  EXPECT_EQ(*EffectivePageSize(7, {50, 500}), 7);
  EXPECT_THAT(EffectivePageSize(-1, {50, 500}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace sisker::common
