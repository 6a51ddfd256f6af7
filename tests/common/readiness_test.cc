// Readiness follows PostgreSQL: the health service says NOT_SERVING while
// the database is down and SERVING again once it is back.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "common/pg_pool.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"
#include "common/testing/test_server.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "sisker_test/echo.grpc.pb.h"

namespace sisker::common {
namespace {

using Health = grpc::health::v1::HealthCheckResponse;

Health::ServingStatus Check(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  grpc::health::v1::HealthCheckRequest req;
  Health resp;
  return stub->Check(&ctx, req, &resp).ok() ? resp.status()
                                            : Health::SERVICE_UNKNOWN;
}

bool Becomes(const std::shared_ptr<grpc::Channel>& channel,
             Health::ServingStatus want) {
  absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (absl::Now() < deadline) {
    if (Check(channel) == want) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

TEST(Readiness, DropsWhilePostgresqlIsUnreachableAndReturns) {
  sisker::testing::PrivatePostgres pg;
  ASSERT_TRUE(pg.ok());
  PgPool pool({pg.conninfo(), "public", 2, absl::Seconds(1), {}}, nullptr);
  ServerOptions options;
  options.readiness_period = absl::Milliseconds(100);
  sisker::testing::TestServer server("sisker-test", options);
  sisker_test::EchoService::Service echo;  // any service: gRPC needs one
  server.AddService(&echo);
  server.SetReadinessCheck([&pool] { return pool.Ping(); });
  ASSERT_THAT(server.Start(), ::sisker::testing::IsOk());
  EXPECT_TRUE(Becomes(server.channel(), Health::SERVING));
  ASSERT_TRUE(pg.Stop());
  EXPECT_TRUE(Becomes(server.channel(), Health::NOT_SERVING));
  ASSERT_TRUE(pg.Start());
  EXPECT_TRUE(Becomes(server.channel(), Health::SERVING));
}

}  // namespace
}  // namespace sisker::common
