#include "common/principal.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "common/testing/status_matchers.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;

JwsKey Key(const std::string& kid, const std::string& secret) {
  return *JwsKey::Hmac(kid, secret);
}

class Assertions : public ::testing::Test {
 protected:
  Assertions() : key_(Key("k1", std::string(40, 'a'))) {
    JwsKeySet keys;
    (void)keys.Add(key_);
    auth_ = std::make_unique<Authenticator>(
        std::move(keys), "sisker-org",
        std::vector<std::string>{"sisker-gateway"});
  }
  Principal Person() const {
    return Principal{
        "kampar", "196710212000121001", Principal::Kind::kPerson, {}};
  }
  JwsKey key_;
  std::unique_ptr<Authenticator> auth_;
};

TEST_F(Assertions, RoundTripsAPrincipal) {
  AssertionSigner signer(key_, "sisker-gateway");
  Principal service{
      "kampar", "spbe-prov", Principal::Kind::kService, {"org.read"}};
  auto p = auth_->Verify(*signer.Mint(service, "sisker-org"));
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->instansi_id, "kampar");
  EXPECT_EQ(p->subject, "spbe-prov");
  EXPECT_EQ(p->kind, Principal::Kind::kService);
  EXPECT_TRUE(p->HasScope("org.read"));
  EXPECT_FALSE(p->HasScope("org.write"));
}

TEST_F(Assertions, RefusesAForgedSignature) {
  AssertionSigner forger(Key("k1", std::string(40, 'b')), "sisker-gateway");
  EXPECT_THAT(
      auth_->Verify(*forger.Mint(Person(), "sisker-org")),
      StatusIs(absl::StatusCode::kUnauthenticated, "INVALID_PRINCIPAL"));
}

TEST_F(Assertions, RefusesATamperedPayload) {
  AssertionSigner signer(key_, "sisker-gateway");
  std::string token = *signer.Mint(Person(), "sisker-org");
  size_t dot = token.find('.');
  std::string forged_payload = Base64UrlEncode(
      R"({"iss":"sisker-gateway","sub":"bupati","aud":"sisker-org","exp":99999999999,"ins":"kampar","knd":"person"})");
  std::string tampered = token.substr(0, dot + 1) + forged_payload +
                         token.substr(token.find('.', dot + 1));
  EXPECT_THAT(auth_->Verify(tampered),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(Assertions, RefusesExpiredMisaddressedAndForeignIssuer) {
  AssertionSigner signer(key_, "sisker-gateway");
  EXPECT_THAT(auth_->Verify(*signer.Mint(Person(), "sisker-org",
                                         absl::Now() - absl::Minutes(10))),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(auth_->Verify(*signer.Mint(Person(), "sisker-assignment")),
              StatusIs(absl::StatusCode::kUnauthenticated));
  AssertionSigner stranger(key_, "someone-else");
  EXPECT_THAT(auth_->Verify(*stranger.Mint(Person(), "sisker-org")),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(Assertions, RefusesMissingAndUnsignedAssertions) {
  EXPECT_THAT(auth_->Verify(""), StatusIs(absl::StatusCode::kUnauthenticated));
  std::string none =
      Base64UrlEncode(R"({"alg":"none","kid":"k1"})") + "." +
      Base64UrlEncode(
          R"({"sub":"x","aud":"sisker-org","exp":99999999999,"knd":"person"})") +
      ".";
  EXPECT_THAT(auth_->Verify(none),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

}  // namespace
}  // namespace sisker::common
