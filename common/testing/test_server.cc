// TestServer implementation.
#include "common/testing/test_server.h"

#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"

namespace sisker::testing {
namespace {

common::JwsKey TestKey() {
  return *common::JwsKey::Hmac(kTestKid,
                               "sisker-test-key-0123456789abcdef0123456789");
}

}  // namespace

TestServer::TestServer(std::string audience, common::ServerOptions options)
    : audience_(std::move(audience)), key_(TestKey()) {
  common::JwsKeySet keys;
  (void)keys.Add(key_);
  authenticator_ = std::make_unique<common::Authenticator>(
      std::move(keys), audience_, std::vector<std::string>{kTestIssuer});
  options.service_name = audience_;
  options.host = "127.0.0.1";
  options.port = 0;
  if (options.version.empty()) options.version = "test";
  runner_ = std::make_unique<common::ServiceRunner>(options, &metrics_,
                                                    authenticator_.get());
}

TestServer::~TestServer() { runner_->Shutdown(); }

absl::Status TestServer::Start() {
  if (auto status = runner_->Start(); !status.ok()) return status;
  channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  return absl::OkStatus();
}

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", runner_->port());
}

std::string TestServer::Assertion(const common::Principal& principal) const {
  common::AssertionSigner signer(key_, kTestIssuer);
  return *signer.Mint(principal, audience_);
}

std::unique_ptr<grpc::ClientContext> TestServer::ContextFor(
    const common::Principal& principal, absl::Duration timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata(common::kPrincipalMetadata, Assertion(principal));
  context->set_deadline(std::chrono::system_clock::now() +
                        absl::ToChronoMilliseconds(timeout));
  return context;
}

common::Principal Person(const std::string& instansi_id,
                         const std::string& subject) {
  common::Principal p;
  p.instansi_id = instansi_id;
  p.subject = subject;
  p.kind = common::Principal::Kind::kPerson;
  return p;
}

common::Principal Admin(const std::string& subject) {
  return Person("", subject);
}

}  // namespace sisker::testing
