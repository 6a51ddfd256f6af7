// HttpGateway: a real gateway in process over real HTTP for integration
// tests (as gateway_e2e_test.cc starts it), trusting an HS256 identity
// provider "test-idp" whose tokens Token() signs, driven with curl.
#ifndef SISKER_TESTS_GATEWAY_HTTP_GATEWAY_H_
#define SISKER_TESTS_GATEWAY_HTTP_GATEWAY_H_

#include <grpcpp/channel.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "common/http_listener.h"
#include "common/jose.h"
#include "common/org_client.h"
#include "common/principal.h"
#include "services/gateway/gateway.h"

namespace sisker::testing {

// What curl got back.
struct HttpReply {
  int status = 0;
  std::string body;
  std::string content_type;
  nlohmann::json json() const;
  // The ErrorInfo of an error body ({"error": {"details": [...]}}).
  nlohmann::json error_info() const;
  std::string reason() const;
  std::string pasal() const;
  std::string status_name() const;
};

class HttpGateway {
 public:
  HttpGateway() = default;
  HttpGateway(const HttpGateway&) = delete;
  HttpGateway& operator=(const HttpGateway&) = delete;
  ~HttpGateway();  // Stops the server, removes the temporary directory.

  // The gateway in front of `backends` (by gRPC service full name), its
  // OrgClient on `org_channel`, signing assertions with `signer` (which
  // must outlive this), serving HTTP on 127.0.0.1 on a free port.
  absl::Status Start(std::map<std::string, gateway::Backend> backends,
                     std::shared_ptr<grpc::Channel> org_channel,
                     const common::AssertionSigner* signer);

  // The identity provider's token of `subject` in `instansi` (an hour).
  std::string Token(const std::string& instansi, const std::string& subject);

  // curl: method, path, bearer token ("" for none), JSON body.
  HttpReply Http(const std::string& method, const std::string& path,
                 const std::string& token, const std::string& body = "");

  // "http://127.0.0.1:<port>".
  const std::string& base() const { return base_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<common::JwsKey> token_key_;
  std::unique_ptr<gateway::TokenVerifier> tokens_;
  std::unique_ptr<common::OrgClient> gateway_org_;
  std::unique_ptr<gateway::Gateway> gateway_;
  std::unique_ptr<common::HttpServer> http_;
  std::string base_;
};

}  // namespace sisker::testing

#endif  // SISKER_TESTS_GATEWAY_HTTP_GATEWAY_H_
