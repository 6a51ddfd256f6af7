#include "tests/gateway/http_gateway.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/resource_names.h"
#include "services/gateway/http_errors.h"

namespace sisker::testing {
namespace {

using Json = nlohmann::json;

constexpr char kTokenSecret[] = "http-gateway-token-secret-0123456789abcdef";

}  // namespace

Json HttpReply::json() const { return Json::parse(body, nullptr, false); }

Json HttpReply::error_info() const {
  const Json j = json();
  if (!j.is_object() || !j.contains("error")) return Json::object();
  for (const auto& d : j["error"].value("details", Json::array())) {
    if (d.value("@type", "").find("google.rpc.ErrorInfo") != std::string::npos)
      return d;
  }
  return Json::object();
}

std::string HttpReply::reason() const {
  return error_info().value("reason", "");
}

std::string HttpReply::pasal() const {
  const Json info = error_info();
  return info.contains("metadata") ? info["metadata"].value("pasal", "") : "";
}

std::string HttpReply::status_name() const {
  const Json j = json();
  return j.is_object() && j.contains("error") ? j["error"].value("status", "")
                                              : "";
}

HttpGateway::~HttpGateway() {
  if (http_) http_->Stop();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

absl::Status HttpGateway::Start(
    std::map<std::string, gateway::Backend> backends,
    std::shared_ptr<grpc::Channel> org_channel,
    const common::AssertionSigner* signer) {
  dir_ =
      std::filesystem::temp_directory_path() /
      absl::StrFormat("sisker-gwhttp-%d-%s", getpid(), common::NewResourceId());
  std::filesystem::create_directories(dir_);
  std::ofstream(dir_ / "token.jwks")
      << R"({"keys":[{"kty":"oct","kid":"idp-1","alg":"HS256","k":")"
      << common::Base64UrlEncode(kTokenSecret) << R"("}]})";
  auto key = common::JwsKey::Hmac("idp-1", kTokenSecret);
  if (!key.ok()) return key.status();
  token_key_ = std::make_unique<common::JwsKey>(*key);
  auto tokens = gateway::TokenVerifier::Create(
      {(dir_ / "token.jwks").string(), {"test-idp"}, "sisker"});
  if (!tokens.ok()) return tokens.status();
  tokens_ = *std::move(tokens);
  gateway_org_ = std::make_unique<common::OrgClient>(
      std::move(org_channel), signer,
      common::OrgClientOptions{.service = "sisker-gateway"});
  gateway::GatewayOptions options;
  options.openapi_json = R"({"openapi":"3.0.3"})";
  gateway_ = std::make_unique<gateway::Gateway>(
      options, std::move(backends), tokens_.get(), signer, gateway_org_.get(),
      nullptr, nullptr);
  if (absl::Status s = gateway_->Init(); !s.ok()) return s;
  common::HttpServerOptions http;
  http.body_limit = 64 * 1024;
  http.error_response = [](int status, const std::string& message) {
    return gateway::ErrorResponse(status, grpc::StatusCode::INVALID_ARGUMENT,
                                  "BAD_REQUEST", message);
  };
  http_ = std::make_unique<common::HttpServer>(
      http,
      [this](const common::HttpRequest& r) { return gateway_->Handle(r); });
  auto port = http_->Start("127.0.0.1", 0);
  if (!port.ok()) return port.status();
  base_ = absl::StrCat("http://127.0.0.1:", *port);
  return absl::OkStatus();
}

std::string HttpGateway::Token(const std::string& instansi,
                               const std::string& subject) {
  if (token_key_ == nullptr) {
    ADD_FAILURE() << "HttpGateway::Token before Start";
    return "";
  }
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  auto token = common::JwsSign(
      *token_key_, absl::StrCat(R"({"iss":"test-idp","aud":"sisker","sub":")",
                                subject, R"(","sisker_instansi":")", instansi,
                                R"(",)", R"("exp":)", now + 3600, "}"));
  EXPECT_TRUE(token.ok()) << token.status();
  return token.ok() ? *token : "";
}

HttpReply HttpGateway::Http(const std::string& method, const std::string& path,
                            const std::string& token, const std::string& body) {
  std::ofstream(dir_ / "body", std::ios::binary) << body;
  std::string cmd =
      absl::StrCat("curl -s -S -o ", (dir_ / "out").string(),
                   " -w '%{http_code} %{content_type}' -X ", method);
  if (!token.empty())
    absl::StrAppend(&cmd, " -H 'Authorization: Bearer ", token, "'");
  if (method == "POST") {
    absl::StrAppend(&cmd, " -H 'Content-Type: application/json'",
                    " --data-binary @", (dir_ / "body").string());
  }
  absl::StrAppend(&cmd, " '", base_, path, "'");
  HttpReply reply;
  FILE* pipe = popen(cmd.c_str(), "r");
  char code[256] = {};
  if (pipe != nullptr) {
    if (fgets(code, sizeof(code), pipe) == nullptr) code[0] = 0;
    pclose(pipe);
  }
  reply.status = std::atoi(code);
  if (const char* space = std::strchr(code, ' '))
    reply.content_type = space + 1;
  std::ifstream out(dir_ / "out", std::ios::binary);
  reply.body.assign(std::istreambuf_iterator<char>(out), {});
  return reply;
}

}  // namespace sisker::testing
