// A Sisker service in-process on a free loopback port, with a test key for
// principal assertions, for tests that go through real gRPC.
#ifndef SISKER_COMMON_TESTING_TEST_SERVER_H_
#define SISKER_COMMON_TESTING_TEST_SERVER_H_

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>

#include <memory>
#include <string>

#include "common/metrics.h"
#include "common/principal.h"
#include "common/server.h"

namespace sisker::testing {

// The issuer and key id of test assertions.
inline constexpr char kTestIssuer[] = "sisker-test";
inline constexpr char kTestKid[] = "test-1";

class TestServer {
 public:
  // `audience` is the service's name, e.g. "sisker-org".
  explicit TestServer(std::string audience, common::ServerOptions options = {});
  ~TestServer();

  void AddService(grpc::Service* service) { runner_->AddService(service); }
  void SetReadinessCheck(std::function<bool()> ready) {
    runner_->SetReadinessCheck(std::move(ready));
  }
  absl::Status Start();
  void Shutdown() { runner_->Shutdown(); }

  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::string address() const;
  common::ServiceRunner& runner() { return *runner_; }
  common::MetricsRegistry& metrics() { return metrics_; }
  common::Authenticator& authenticator() { return *authenticator_; }
  // The signing key (tests forge with another one).
  const common::JwsKey& key() const { return key_; }

  // A context carrying a fresh assertion for `principal` and a deadline.
  std::unique_ptr<grpc::ClientContext> ContextFor(
      const common::Principal& principal,
      absl::Duration timeout = absl::Seconds(20)) const;
  std::string Assertion(const common::Principal& principal) const;

 private:
  std::string audience_;
  common::JwsKey key_;
  common::MetricsRegistry metrics_;
  std::unique_ptr<common::Authenticator> authenticator_;
  std::unique_ptr<common::ServiceRunner> runner_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A person of an instansi, and a bootstrap administrator.
common::Principal Person(const std::string& instansi_id,
                         const std::string& subject);
common::Principal Admin(const std::string& subject = "admin");

}  // namespace sisker::testing

#endif  // SISKER_COMMON_TESTING_TEST_SERVER_H_
