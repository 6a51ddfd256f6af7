// Request ids: replay returns the first answer, a reused id is refused,
// concurrent repeats run the change once.
#include "common/idempotency.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/time/clock.h"
#include "common/migrations.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"
#include "sisker/v1/common.pb.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::TestDatabase;
using Warning = ::sisker::v1::Warning;

class Idempotency : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = TestDatabase::Create();
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    ASSERT_THAT(ApplyMigrations(db_->conninfo(), "svc", {}), IsOk());
    pool_ = std::make_unique<PgPool>(
        PgPoolOptions{db_->conninfo(), "svc", 8, absl::Seconds(5), {}},
        nullptr);
    call_.principal = Principal{"kampar", "op-1", Principal::Kind::kPerson, {}};
    call_.deadline = absl::Now() + absl::Seconds(30);
  }

  // The "request" is a Warning whose code is the payload; `runs` counts
  // how often the change itself ran.
  absl::StatusOr<Warning> Call(const std::string& code, const std::string& id) {
    Warning request;
    request.set_code(code);
    return RunIdempotent<Warning>(
        *pool_, call_, MakeIdempotencyKey(call_, "Test", request, id),
        [&](Tx&) -> absl::StatusOr<Warning> {
          ++runs_;
          Warning response;
          response.set_message(code + "#" + std::to_string(runs_.load()));
          return response;
        });
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<PgPool> pool_;
  CallContext call_;
  std::atomic<int> runs_{0};
};

constexpr char kId[] = "2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

TEST_F(Idempotency, ARepeatReturnsTheFirstAnswerWithoutRunningAgain) {
  auto first = Call("A", kId);
  auto again = Call("A", kId);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(first->message(), again->message());
  EXPECT_EQ(runs_.load(), 1);
}

TEST_F(Idempotency, TheSameIdForAnotherRequestIsAlreadyExists) {
  ASSERT_THAT(Call("A", kId), IsOk());
  EXPECT_THAT(Call("B", kId),
              StatusIs(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED"));
  EXPECT_EQ(runs_.load(), 1);
}

TEST_F(Idempotency, IdsAreScopedToThePrincipal) {
  ASSERT_THAT(Call("A", kId), IsOk());
  call_.principal.subject = "op-2";
  ASSERT_THAT(Call("A", kId), IsOk());
  EXPECT_EQ(runs_.load(), 2);
}

TEST_F(Idempotency, ConcurrentRepeatsRunTheChangeOnce) {
  std::vector<std::thread> threads;
  std::vector<std::string> answers(6);
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&, i] {
      auto r = Call("A", kId);
      answers[i] = r.ok() ? r->message() : std::string(r.status().message());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(runs_.load(), 1);
  for (const auto& a : answers) EXPECT_EQ(a, "A#1");
}

TEST(RequestId, MustBeAUuid) {
  FieldErrors errors;
  ValidateRequestId("not-a-uuid", errors);
  EXPECT_FALSE(errors.empty());
  FieldErrors fine;
  ValidateRequestId(kId, fine);
  ValidateRequestId("", fine);
  EXPECT_TRUE(fine.empty());
}

}  // namespace
}  // namespace sisker::common
