// The gateway end to end: a real org service (real PostgreSQL) behind the
// gateway's HTTP server, driven over real HTTP (curl) with real tokens.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/http_listener.h"
#include "common/jose.h"
#include "common/org_client.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_errors.h"
#include "tests/org/org_kedudukan_fixture.h"

namespace sisker::gateway {
namespace {

namespace v1 = ::sisker::v1;
using ::sisker::testing::IsOk;
using ::testing::HasSubstr;

constexpr char kTokenSecret[] = "gateway-e2e-token-secret-0123456789abcdef";

struct Reply {
  int status = 0;
  std::string headers;
  std::string body;
};

class GatewayE2e : public org::Kedudukan {
 public:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(org::Kedudukan::SetUp());
    ASSERT_NO_FATAL_FAILURE(Build("kampar"));
    // p-staf signs in as "idp|staf".
    v1::UpdatePegawaiRequest link;
    link.mutable_pegawai()->set_name("instansi/kampar/pegawai/p-staf");
    link.mutable_pegawai()->set_subject("idp|staf");
    link.mutable_update_mask()->add_paths("subject");
    link.set_reason("akun SSO");
    v1::Pegawai out;
    ASSERT_OK(Call(Op("kampar", "bkpsdm"), &v1::OrgService::Stub::UpdatePegawai,
                   link, &out));
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrFormat("sisker-gw-%d", getpid());
    std::filesystem::create_directories(dir_);
    const std::string k = common::Base64UrlEncode(kTokenSecret);
    std::ofstream(dir_ / "token.jwks")
        << R"({"keys":[{"kty":"oct","kid":"idp-1","alg":"HS256","k":")" << k
        << R"("}]})";
    auto key = common::JwsKey::Hmac("idp-1", kTokenSecret);
    ASSERT_THAT(key, IsOk());
    token_key_ = std::make_unique<common::JwsKey>(*key);
    auto tokens = TokenVerifier::Create(
        {(dir_ / "token.jwks").string(), {"test-idp"}, "sisker"});
    ASSERT_THAT(tokens, IsOk());
    tokens_ = *std::move(tokens);
    signer_ = std::make_unique<common::AssertionSigner>(
        server_->key(), sisker::testing::kTestIssuer);
    org_client_ = std::make_unique<common::OrgClient>(
        server_->channel(), signer_.get(),
        common::OrgClientOptions{.service = "sisker-gateway"});
    GatewayOptions options;
    options.openapi_json = R"({"openapi":"3.0.3"})";
    options.cors_origins = {"https://portal.kamparkab.go.id"};
    gateway_ = std::make_unique<Gateway>(
        options,
        std::map<std::string, Backend>{
            {"sisker.v1.OrgService", {server_->channel(), "sisker-org"}}},
        tokens_.get(), signer_.get(), org_client_.get(), nullptr, nullptr);
    ASSERT_OK(gateway_->Init());
    common::HttpServerOptions http;
    http.body_limit = 64 * 1024;
    http.error_response = [](int status, const std::string& message) {
      return ErrorResponse(status, grpc::StatusCode::INVALID_ARGUMENT,
                           status == 413 ? "BODY_TOO_LARGE" : "BAD_REQUEST",
                           message);
    };
    http_ = std::make_unique<common::HttpServer>(
        http,
        [this](const common::HttpRequest& r) { return gateway_->Handle(r); });
    auto port = http_->Start("127.0.0.1", 0);
    ASSERT_THAT(port, IsOk());
    base_ = absl::StrCat("http://127.0.0.1:", *port);
  }
  void TearDown() override {
    if (http_) http_->Stop();
    std::filesystem::remove_all(dir_);
    org::Kedudukan::TearDown();
  }

  std::string Token(const std::string& sub, const std::string& instansi,
                    int64_t exp_in = 3600, const std::string& aud = "sisker",
                    const std::string& extra = "") {
    const int64_t now = absl::ToUnixSeconds(absl::Now());
    auto token = common::JwsSign(
        *token_key_,
        absl::StrCat(R"({"iss":"test-idp","aud":")", aud, R"(","sub":")", sub,
                     R"(","sisker_instansi":")", instansi, R"(","exp":)",
                     now + exp_in, extra, "}"));
    return *token;
  }

  // curl: method, path, optional bearer token, optional body, extra headers.
  Reply Http(const std::string& method, const std::string& path,
             const std::string& token = "", const std::string& body = "",
             const std::vector<std::string>& headers = {}) {
    const auto body_file = dir_ / "body";
    std::ofstream(body_file, std::ios::binary) << body;
    std::string cmd =
        absl::StrCat("curl -s -S -D ", (dir_ / "headers").string(), " -o ",
                     (dir_ / "out").string(), " -w '%{http_code}' -X ", method);
    if (!token.empty())
      absl::StrAppend(&cmd, " -H 'Authorization: Bearer ", token, "'");
    for (const auto& h : headers) absl::StrAppend(&cmd, " -H '", h, "'");
    if (!body.empty() || method == "POST" || method == "PATCH") {
      absl::StrAppend(&cmd, " -H 'Content-Type: application/json'",
                      " --data-binary @", body_file.string());
    }
    absl::StrAppend(&cmd, " '", base_, path, "'");
    Reply reply;
    FILE* pipe = popen(cmd.c_str(), "r");
    char code[8] = {};
    if (pipe != nullptr) {
      if (fgets(code, sizeof(code), pipe) == nullptr) code[0] = 0;
      pclose(pipe);
    }
    reply.status = std::atoi(code);
    std::ifstream out(dir_ / "out", std::ios::binary);
    reply.body.assign(std::istreambuf_iterator<char>(out), {});
    std::ifstream hdr(dir_ / "headers", std::ios::binary);
    reply.headers.assign(std::istreambuf_iterator<char>(hdr), {});
    return reply;
  }

  std::filesystem::path dir_;
  std::unique_ptr<common::JwsKey> token_key_;
  std::unique_ptr<TokenVerifier> tokens_;
  std::unique_ptr<common::AssertionSigner> signer_;
  std::unique_ptr<common::OrgClient> org_client_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<common::HttpServer> http_;
  std::string base_;
};

TEST_F(GatewayE2e, APegawaiReadsTheirKedudukanOverHttpWithATokenAndNotWithout) {
  const std::string path =
      "/v1/instansi/kampar/pegawai/p-staf/kedudukan?asOf=2025-01-15";
  Reply none = Http("GET", path);
  EXPECT_EQ(none.status, 401);
  EXPECT_THAT(none.headers, HasSubstr("WWW-Authenticate: Bearer"));
  EXPECT_THAT(none.body, HasSubstr(R"("status":"UNAUTHENTICATED")"));
  Reply ok = Http("GET", path, Token("idp|staf", "kampar"));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_THAT(ok.body, HasSubstr(R"("post":"instansi/kampar/posts/staf")"));
  EXPECT_THAT(ok.body,
              HasSubstr(R"("person":"instansi/kampar/pegawai/p-kasubbag")"));
  EXPECT_THAT(ok.body, HasSubstr(R"("asOf":{"year":2025,"month":1,"day":15})"));
}

TEST_F(GatewayE2e, BadTokensAre401AndStrangersAre403) {
  const std::string path = "/v1/instansi/kampar/pegawai/p-staf/kedudukan";
  EXPECT_EQ(Http("GET", path, Token("idp|staf", "kampar", -300)).status, 401);
  EXPECT_EQ(
      Http("GET", path, Token("idp|staf", "kampar", 3600, "other")).status,
      401);
  std::string tampered = Token("idp|staf", "kampar");
  tampered[tampered.find('.') + 5] ^= 1;
  EXPECT_EQ(Http("GET", path, tampered).status, 401);
  EXPECT_EQ(Http("GET", path, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").status,
            401);
  Reply stranger = Http("GET", path, Token("idp|nobody", "kampar"));
  EXPECT_EQ(stranger.status, 403);
  EXPECT_THAT(stranger.body, HasSubstr("UNKNOWN_PERSON"));
  // A token naming another instansi: not a person of it.
  EXPECT_EQ(Http("GET", path, Token("idp|staf", "paser")).status, 403);
}

TEST_F(GatewayE2e, RoutingAndBodyErrorsAreJson) {
  const std::string token = Token("idp|staf", "kampar");
  Reply missing = Http("GET", "/v1/nothing/here", token);
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(missing.body, HasSubstr(R"("reason":"NO_ROUTE")"));
  Reply method = Http("DELETE", "/v1/instansi/kampar/pegawai/p-staf", token);
  EXPECT_EQ(method.status, 405);
  EXPECT_THAT(method.headers, HasSubstr("Allow: "));
  Reply broken = Http("POST", "/v1/instansi/kampar/pegawai", token,
                      R"({"displayName": "x",)");
  EXPECT_EQ(broken.status, 400);
  EXPECT_THAT(broken.body, HasSubstr("invalid JSON"));
  Reply unknown =
      Http("POST", "/v1/instansi/kampar/pegawai", token, R"({"shoeSize": 42})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, HasSubstr("shoeSize"));
  Reply typed = Http("GET", "/v1/instansi/kampar/pegawai?pageSize=many", token);
  EXPECT_EQ(typed.status, 400);
  EXPECT_THAT(typed.body, HasSubstr(R"("field":"pageSize")"));
  Reply big = Http("POST", "/v1/instansi/kampar/pegawai", token,
                   std::string(100 * 1024, ' '));
  EXPECT_EQ(big.status, 413);
  EXPECT_THAT(big.body, HasSubstr("BODY_TOO_LARGE"));
}

TEST_F(GatewayE2e, BackendErrorsKeepTheirDetailsAndCodes) {
  // p-staf is no BKPSDM operator: the org service refuses (403); a NOT
  // PLACED answer is FAILED_PRECONDITION -> 400 with its reason.
  const std::string token = Token("idp|staf", "kampar");
  Reply denied = Http("POST", "/v1/instansi/kampar/pegawai", token,
                      R"({"displayName":"Baru","nip":"198001012005011009",)"
                      R"("asnKind":"PNS"})");
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_THAT(denied.body, HasSubstr(R"("status":"PERMISSION_DENIED")"));
  EXPECT_THAT(
      denied.body,
      HasSubstr(R"("@type":"type.googleapis.com/google.rpc.ErrorInfo")"));
  Reply unplaced = Http(
      "GET", "/v1/instansi/kampar/pegawai/p-staf/kedudukan?asOf=2020-01-01",
      token);
  EXPECT_EQ(unplaced.status, 400);
  EXPECT_THAT(unplaced.body, HasSubstr("NOT_PLACED"));
}

TEST_F(GatewayE2e, AnIdempotencyKeyReplaysTheFirstAnswer) {
  // The BKPSDM operator of the fixture ("bkpsdm") is the Kepala Dinas.
  v1::UpdatePegawaiRequest link;
  link.mutable_pegawai()->set_name("instansi/kampar/pegawai/p-kadis");
  link.mutable_pegawai()->set_subject("bkpsdm");
  link.mutable_update_mask()->add_paths("subject");
  link.set_reason("akun operator");
  v1::Pegawai linked;
  ASSERT_OK(Call(Op("kampar", "bkpsdm"), &v1::OrgService::Stub::UpdatePegawai,
                 link, &linked));
  const std::string token = Token("bkpsdm", "kampar");
  const std::vector<std::string> key = {
      "Idempotency-Key: 0b7c6f3e-2f57-4a4e-9c53-8a1f7b2d4e10"};
  const std::string body =
      R"({"displayName":"Baru","nip":"198001012005011009","asnKind":"PNS"})";
  Reply first = Http("POST", "/v1/instansi/kampar/pegawai", token, body, key);
  ASSERT_EQ(first.status, 200) << first.body;
  Reply again = Http("POST", "/v1/instansi/kampar/pegawai", token, body, key);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM org.pegawai WHERE nip = "
                            "'198001012005011009'"),
            "1");
  Reply other = Http("POST", "/v1/instansi/kampar/pegawai", token,
                     R"({"displayName":"Lain","nip":"198001012005011010",)"
                     R"("asnKind":"PNS"})",
                     key);
  EXPECT_EQ(other.status, 409);
}

TEST_F(GatewayE2e, AMachineTokenActsAsAServiceWithItsScopes) {
  const std::string path =
      "/v1/instansi/kampar/pegawai/p-staf/kedudukan?asOf=2025-01-15";
  Reply ok = Http("GET", path,
                  Token("spbe-riau", "kampar", 3600, "sisker",
                        R"(,"client_id":"spbe-riau","scope":"org.read")"));
  EXPECT_EQ(ok.status, 200) << ok.body;
  Reply no_scope = Http("GET", path,
                        Token("spbe-riau", "kampar", 3600, "sisker",
                              R"(,"client_id":"spbe-riau","scope":"x")"));
  EXPECT_EQ(no_scope.status, 403);
}

TEST_F(GatewayE2e, CorsAndTheGatewaysOwnPages) {
  Reply preflight = Http("OPTIONS", "/v1/instansi/kampar/pegawai", "", "",
                         {"Origin: https://portal.kamparkab.go.id",
                          "Access-Control-Request-Method: POST"});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_THAT(preflight.headers, HasSubstr("Access-Control-Allow-Origin: "
                                           "https://portal.kamparkab.go.id"));
  Reply stranger = Http("GET", "/healthz", "", "", {"Origin: https://evil"});
  EXPECT_EQ(stranger.status, 200);
  EXPECT_THAT(stranger.headers,
              ::testing::Not(HasSubstr("Access-Control-Allow-Origin")));
  EXPECT_THAT(Http("GET", "/openapi.json").body, HasSubstr("3.0.3"));
}

TEST_F(GatewayE2e, ABackendThatIsDownIs503NotAHang) {
  auto dead = grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", sisker::testing::FreePort()),
      grpc::InsecureChannelCredentials());
  GatewayOptions options;
  options.default_deadline = absl::Seconds(2);
  Gateway gateway(options, {{"sisker.v1.OrgService", {dead, "sisker-org"}}},
                  tokens_.get(), signer_.get(), org_client_.get(), nullptr,
                  nullptr);
  ASSERT_OK(gateway.Init());
  common::HttpRequest r;
  r.method = "GET";
  r.path = "/v1/instansi/kampar/pegawai/p-staf/kedudukan";
  r.target = r.path;
  r.headers = {
      {"authorization",
       "Bearer " + Token("spbe-riau", "kampar", 3600, "sisker",
                         R"(,"client_id":"spbe-riau","scope":"org.read")")}};
  const absl::Time start = absl::Now();
  common::HttpResponse response = gateway.Handle(r);
  EXPECT_EQ(response.status, 503) << response.body;
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

// A method marked (sisker.v1.public) = true in its proto is routed without
// a token; its neighbours are not.
TEST_F(GatewayE2e, APublicMethodNeedsNoTokenItsNeighboursDo) {
  auto dead = grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", sisker::testing::FreePort()),
      grpc::InsecureChannelCredentials());
  GatewayOptions options;
  options.default_deadline = absl::Seconds(2);
  Gateway gateway(
      options,
      {{"sisker.v1.OrgService", {server_->channel(), "sisker-org"}},
       {"sisker.v1.AssignmentService", {dead, "sisker-assignment"}}},
      tokens_.get(), signer_.get(), org_client_.get(), nullptr, nullptr);
  ASSERT_OK(gateway.Init());
  common::HttpRequest verify;
  verify.method = "GET";
  verify.path = "/v1/letters:verify";
  verify.query = "code=AAAAAAAAAAAAAAAA";
  // Past authentication to the (unreachable) backend: 503, not 401.
  EXPECT_EQ(gateway.Handle(verify).status, 503);
  common::HttpRequest create;
  create.method = "POST";
  create.path = "/v1/instansi/kampar/assignments";
  create.body = "{}";
  EXPECT_EQ(gateway.Handle(create).status, 401);
}

}  // namespace
}  // namespace sisker::gateway
