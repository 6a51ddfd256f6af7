// Bearer-token verification (every way a token can be wrong) and the gRPC
// status -> HTTP table.
#include "services/gateway/token_auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/testing/status_matchers.h"
#include "services/gateway/http_errors.h"

namespace sisker::gateway {
namespace {

using ::sisker::testing::IsOk;
using ::testing::HasSubstr;

constexpr char kSecret[] = "token-test-secret-0123456789abcdefghij";
constexpr char kOtherSecret[] = "another-secret-0123456789abcdefghijklmn";

class Tokens : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrFormat("sisker-tokens-%d", getpid());
    std::filesystem::create_directories(dir_);
    WriteKeys({{"k1", kSecret}});
    auto verifier = TokenVerifier::Create({(dir_ / "keys.jwks").string(),
                                           {"idp"},
                                           "sisker",
                                           absl::Seconds(60),
                                           absl::ZeroDuration()});
    ASSERT_THAT(verifier, IsOk());
    verifier_ = *std::move(verifier);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void WriteKeys(const std::vector<std::pair<std::string, std::string>>& keys) {
    std::string jwks = R"({"keys":[)";
    for (size_t i = 0; i < keys.size(); ++i) {
      absl::StrAppend(&jwks, i ? "," : "", R"({"kty":"oct","kid":")",
                      keys[i].first, R"(","k":")",
                      common::Base64UrlEncode(keys[i].second), R"("})");
    }
    jwks += "]}";
    const auto tmp = dir_ / "keys.tmp";
    std::ofstream(tmp) << jwks;
    std::filesystem::rename(tmp, dir_ / "keys.jwks");
  }

  static std::string Sign(const std::string& kid, const std::string& secret,
                          const std::string& claims,
                          const std::string& typ = "JWT") {
    auto key = common::JwsKey::Hmac(kid, secret);
    return *common::JwsSign(*key, claims, typ);
  }
  std::string Claims(int64_t exp_in = 600, const std::string& extra = "",
                     const std::string& iss = "idp",
                     const std::string& aud = "sisker") {
    const int64_t now = absl::ToUnixSeconds(absl::Now());
    return absl::StrCat(R"({"iss":")", iss, R"(","aud":")", aud,
                        R"(","sub":"idp|siti","sisker_instansi":"kampar",)",
                        R"("exp":)", now + exp_in, extra, "}");
  }

  std::filesystem::path dir_;
  std::unique_ptr<TokenVerifier> verifier_;
};

TEST_F(Tokens, AValidPersonTokenNamesTheSubjectAndInstansi) {
  auto p = verifier_->Verify(Sign("k1", kSecret, Claims()));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->subject, "idp|siti");
  EXPECT_EQ(p->instansi_id, "kampar");
  EXPECT_EQ(p->kind, common::Principal::Kind::kPerson);
  // typ at+jwt (RFC 9068) is accepted too.
  EXPECT_THAT(verifier_->Verify(Sign("k1", kSecret, Claims(), "at+jwt")),
              IsOk());
}

TEST_F(Tokens, EveryWrongTokenIsUnauthenticated) {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"expired", Sign("k1", kSecret, Claims(-120))},
      {"not yet valid",
       Sign("k1", kSecret, Claims(600, absl::StrCat(R"(,"nbf":)", now + 300)))},
      {"wrong issuer", Sign("k1", kSecret, Claims(600, "", "evil"))},
      {"wrong audience", Sign("k1", kSecret, Claims(600, "", "idp", "x"))},
      {"unknown kid", Sign("k9", kSecret, Claims())},
      {"other secret", Sign("k1", kOtherSecret, Claims())},
      {"alg none",
       absl::StrCat(common::Base64UrlEncode(R"({"alg":"none","kid":"k1"})"),
                    ".", common::Base64UrlEncode(Claims()), ".")},
      {"RS256 header on an HMAC key (confusion)",
       absl::StrCat(common::Base64UrlEncode(R"({"alg":"RS256","kid":"k1"})"),
                    ".", common::Base64UrlEncode(Claims()), ".c2ln")},
      {"garbage", "not-a-token"},
      {"typ", Sign("k1", kSecret, Claims(), "JOSE+unknown")},
  };
  for (const auto& [what, token] : cases) {
    auto p = verifier_->Verify(token);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated) << what;
  }
  // A tampered payload.
  std::string token = Sign("k1", kSecret, Claims());
  const size_t dot = token.find('.');
  token[dot + 3] = token[dot + 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verifier_->Verify(token).status().code(),
            absl::StatusCode::kUnauthenticated);
  // A person's token without the instansi claim.
  EXPECT_EQ(
      verifier_
          ->Verify(Sign("k1", kSecret,
                        absl::StrCat(R"({"iss":"idp","aud":"sisker",)",
                                     R"("sub":"x","exp":)", now + 60, "}")))
          .status()
          .code(),
      absl::StatusCode::kUnauthenticated);
}

TEST_F(Tokens, AClientCredentialsTokenIsAServiceWithItsScopes) {
  auto p = verifier_->Verify(Sign(
      "k1", kSecret,
      absl::StrCat(R"({"iss":"idp","aud":"sisker","sub":"splp",)",
                   R"("client_id":"splp","scope":"org.read events.read",)",
                   R"("exp":)", absl::ToUnixSeconds(absl::Now()) + 60, "}")));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->kind, common::Principal::Kind::kService);
  EXPECT_THAT(p->scopes, ::testing::ElementsAre("org.read", "events.read"));
}

TEST_F(Tokens, KeysRotateByKidWhenTheFileChanges) {
  const std::string old_token = Sign("k1", kSecret, Claims());
  const std::string new_token = Sign("k2", kOtherSecret, Claims());
  EXPECT_FALSE(verifier_->Verify(new_token).ok());
  // A second later (file times have whole-second precision on some
  // filesystems) the set holds k2 and no longer k1.
  absl::SleepFor(absl::Milliseconds(1100));
  WriteKeys({{"k2", kOtherSecret}});
  EXPECT_THAT(verifier_->Verify(new_token), IsOk());
  EXPECT_FALSE(verifier_->Verify(old_token).ok());
}

TEST(HttpStatus, FollowsTheCanonicalTable) {
  const std::vector<std::pair<grpc::StatusCode, int>> table = {
      {grpc::StatusCode::OK, 200},
      {grpc::StatusCode::CANCELLED, 499},
      {grpc::StatusCode::UNKNOWN, 500},
      {grpc::StatusCode::INVALID_ARGUMENT, 400},
      {grpc::StatusCode::DEADLINE_EXCEEDED, 504},
      {grpc::StatusCode::NOT_FOUND, 404},
      {grpc::StatusCode::ALREADY_EXISTS, 409},
      {grpc::StatusCode::PERMISSION_DENIED, 403},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, 429},
      {grpc::StatusCode::FAILED_PRECONDITION, 400},
      {grpc::StatusCode::ABORTED, 409},
      {grpc::StatusCode::OUT_OF_RANGE, 400},
      {grpc::StatusCode::UNIMPLEMENTED, 501},
      {grpc::StatusCode::INTERNAL, 500},
      {grpc::StatusCode::UNAVAILABLE, 503},
      {grpc::StatusCode::DATA_LOSS, 500},
      {grpc::StatusCode::UNAUTHENTICATED, 401},
  };
  for (auto [code, http] : table) {
    EXPECT_EQ(HttpStatusFor(code), http) << static_cast<int>(code);
  }
}

TEST(HttpStatus, TheErrorBodyCarriesStatusAndDetails) {
  auto r = ErrorResponse(common::InvalidFields({{"pegawai.nip", "18 digits"}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_THAT(r.body, HasSubstr(R"("status":"INVALID_ARGUMENT")"));
  EXPECT_THAT(r.body, HasSubstr(R"("code":400)"));
  EXPECT_THAT(r.body, HasSubstr(R"("field":"pegawai.nip")"));
  EXPECT_THAT(r.body, HasSubstr("google.rpc.BadRequest"));
}

}  // namespace
}  // namespace sisker::gateway
