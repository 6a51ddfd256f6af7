// The server bootstrap with a test Echo service: the guard, metrics filled
// by the interceptor, health/readiness, message limits, graceful stop with
// a call in flight.
#include "common/server.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/grpc_status.h"
#include "common/handler.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_server.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "sisker_test/echo.grpc.pb.h"

namespace sisker::common {
namespace {

using ::sisker::testing::Person;
using ::sisker::testing::StatusIs;
using ::sisker::testing::TestServer;
using ::testing::HasSubstr;

class EchoImpl final : public sisker_test::EchoService::Service {
 public:
  explicit EchoImpl(const Authenticator* auth) : auth_(auth) {}
  grpc::Status Echo(grpc::ServerContext* context,
                    const sisker_test::EchoRequest* request,
                    sisker_test::EchoResponse* response) override {
    return Handle(context, *auth_, response,
                  [&](const CallContext& call)
                      -> absl::StatusOr<sisker_test::EchoResponse> {
                    ++in_flight;
                    if (request->sleep_ms() > 0) started.Notify();
                    absl::SleepFor(absl::Milliseconds(request->sleep_ms()));
                    sisker_test::EchoResponse r;
                    r.set_text(request->text());
                    r.set_subject(call.principal.subject);
                    return r;
                  });
  }
  std::atomic<int> in_flight{0};
  absl::Notification started;

 private:
  const Authenticator* auth_;
};

std::string HttpGet(int port, const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return "";
  }
  std::string req = absl::StrCat(
      "GET ", path, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  (void)::write(fd, req.data(), req.size());
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof(buf))) > 0;) out.append(buf, n);
  ::close(fd);
  return out;
}

class Server : public ::testing::Test {
 protected:
  explicit Server(ServerOptions options = DefaultOptions())
      : server_("sisker-echo", options), echo_(&server_.authenticator()) {
    server_.AddService(&echo_);
    server_.SetReadinessCheck([this] { return ready_.load(); });
  }
  static ServerOptions DefaultOptions() {
    ServerOptions o;
    o.metrics_port = 0;
    o.max_message_bytes = 64 * 1024;
    o.readiness_period = absl::Milliseconds(50);
    o.drain_timeout = absl::Seconds(5);
    return o;
  }
  void SetUp() override {
    ASSERT_THAT(server_.Start(), ::sisker::testing::IsOk());
  }

  grpc::Status Echo(grpc::ClientContext* ctx, const std::string& text,
                    int sleep_ms, sisker_test::EchoResponse* out) {
    auto stub = sisker_test::EchoService::NewStub(server_.channel());
    sisker_test::EchoRequest req;
    req.set_text(text);
    req.set_sleep_ms(sleep_ms);
    return stub->Echo(ctx, req, out);
  }
  grpc::health::v1::HealthCheckResponse::ServingStatus Health() {
    auto stub = grpc::health::v1::Health::NewStub(server_.channel());
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(2));
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    grpc::Status s = stub->Check(&ctx, req, &resp);
    return s.ok() ? resp.status()
                  : grpc::health::v1::HealthCheckResponse::SERVICE_UNKNOWN;
  }

  std::atomic<bool> ready_{true};
  TestServer server_;
  EchoImpl echo_;
};

TEST_F(Server, RefusesACallWithoutAPrincipal) {
  grpc::ClientContext ctx;
  sisker_test::EchoResponse out;
  grpc::Status s = Echo(&ctx, "hi", 0, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(FromGrpcStatus(s), StatusIs(absl::StatusCode::kUnauthenticated,
                                          "INVALID_PRINCIPAL"));
  EXPECT_EQ(echo_.in_flight.load(), 0);
}

TEST_F(Server, RefusesAForgedAssertion) {
  grpc::ClientContext ctx;
  AssertionSigner forger(
      *JwsKey::Hmac(::sisker::testing::kTestKid, std::string(40, 'x')),
      ::sisker::testing::kTestIssuer);
  ctx.AddMetadata(kPrincipalMetadata,
                  *forger.Mint(Person("kampar", "mallory"), "sisker-echo"));
  sisker_test::EchoResponse out;
  EXPECT_EQ(Echo(&ctx, "hi", 0, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(echo_.in_flight.load(), 0);
}

TEST_F(Server, AnswersAVerifiedPrincipalAndCountsTheCallInMetrics) {
  auto ctx = server_.ContextFor(Person("kampar", "op-1"));
  sisker_test::EchoResponse out;
  ASSERT_TRUE(Echo(ctx.get(), "hi", 0, &out).ok());
  EXPECT_EQ(out.subject(), "op-1");
  std::string metrics = HttpGet(server_.runner().metrics_port(), "/metrics");
  EXPECT_THAT(metrics,
              HasSubstr("grpc_server_handled_total{grpc_type=\"unary\","
                        "grpc_service=\"sisker_test.EchoService\","
                        "grpc_method=\"Echo\",grpc_code=\"OK\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("grpc_server_handling_seconds_count"));
  EXPECT_THAT(metrics, HasSubstr("sisker_build_info{service=\"sisker-echo\""));
}

TEST_F(Server, ReadinessFollowsTheDependencyCheck) {
  EXPECT_EQ(Health(), grpc::health::v1::HealthCheckResponse::SERVING);
  ready_ = false;
  absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (Health() != grpc::health::v1::HealthCheckResponse::NOT_SERVING &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(Health(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_THAT(HttpGet(server_.runner().metrics_port(), "/healthz"),
              HasSubstr("503"));
  ready_ = true;
  deadline = absl::Now() + absl::Seconds(5);
  while (Health() != grpc::health::v1::HealthCheckResponse::SERVING &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(Health(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(Server, RefusesAMessageOverTheSizeLimit) {
  auto ctx = server_.ContextFor(Person("kampar", "op-1"));
  sisker_test::EchoResponse out;
  EXPECT_EQ(Echo(ctx.get(), std::string(100 * 1024, 'x'), 0, &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(Server, FinishesACallInFlightWhenStoppedGracefully) {
  grpc::Status in_flight_status;
  sisker_test::EchoResponse out;
  std::thread caller([&] {
    auto ctx = server_.ContextFor(Person("kampar", "op-1"));
    in_flight_status = Echo(ctx.get(), "slow", 700, &out);
  });
  echo_.started.WaitForNotification();
  absl::Time stop_started = absl::Now();
  server_.Shutdown();
  caller.join();
  EXPECT_TRUE(in_flight_status.ok()) << in_flight_status.error_message();
  EXPECT_EQ(out.text(), "slow");
  EXPECT_LT(absl::Now() - stop_started, absl::Seconds(5));
  // After the stop nothing is served.
  auto ctx = server_.ContextFor(Person("kampar", "op-1"));
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  EXPECT_FALSE(Echo(ctx.get(), "late", 0, &out).ok());
}

}  // namespace
}  // namespace sisker::common
