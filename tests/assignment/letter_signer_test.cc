// The development letter signer: Ed25519 over the content hash, a key kept
// on disk (0600), and verification of letters signed before a rotation
// through the retired public keys.
#include "services/assignment/letter_signer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "common/testing/status_matchers.h"

namespace sisker::assignment {
namespace {

using ::sisker::testing::IsOk;

class Signer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("letter-signer-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "retired");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

constexpr char kHash[] =
    "c12cc71f8b3cb2ba721a29d370ec109eeaa2bbb27b280d7319b00f8940a2c3da";

TEST_F(Signer, SignsTheHashAndRefusesAnotherHash) {
  auto signer = MakeDevSigner((dir_ / "key.pem").string());
  ASSERT_THAT(signer.status(), IsOk());
  struct stat st;
  ASSERT_EQ(::stat((dir_ / "key.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);  // the private key is not readable
  auto sig = (*signer)->Sign({"p", "Budi", kHash, ""});
  ASSERT_THAT(sig.status(), IsOk());
  EXPECT_EQ(sig->provider(), "dev-ed25519");
  EXPECT_EQ(sig->key_id().size(), 16u);
  EXPECT_EQ(sig->signature().size(), 64u);
  EXPECT_TRUE((*signer)->Verify(kHash, *sig));
  std::string other = kHash;
  other[0] = 'd';
  EXPECT_FALSE((*signer)->Verify(other, *sig));
  auto forged = *sig;
  forged.set_provider("bsre");
  EXPECT_FALSE((*signer)->Verify(kHash, forged));
  // The same key file gives the same key after a restart.
  auto again = MakeDevSigner((dir_ / "key.pem").string());
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_TRUE((*again)->Verify(kHash, *sig));
}

TEST_F(Signer, LettersSignedBeforeARotationStillVerifyWithTheRetiredKey) {
  const std::string old_key = (dir_ / "old.pem").string();
  auto old_signer = MakeDevSigner(old_key);
  ASSERT_THAT(old_signer.status(), IsOk());
  auto sig = (*old_signer)->Sign({"p", "Budi", kHash, ""});
  ASSERT_THAT(sig.status(), IsOk());
  // A new key without the retired one: the old letter does not verify.
  auto fresh = MakeDevSigner((dir_ / "new.pem").string());
  ASSERT_THAT(fresh.status(), IsOk());
  EXPECT_FALSE((*fresh)->Verify(kHash, *sig));
  // With the old public key retired beside it, it does.
  ASSERT_THAT(
      WriteDevPublicKey(old_key, (dir_ / "retired" / "old.pub").string()),
      IsOk());
  auto rotated =
      MakeDevSigner((dir_ / "new.pem").string(), (dir_ / "retired").string());
  ASSERT_THAT(rotated.status(), IsOk());
  EXPECT_TRUE((*rotated)->Verify(kHash, *sig));
  auto new_sig = (*rotated)->Sign({"p", "Budi", kHash, ""});
  ASSERT_THAT(new_sig.status(), IsOk());
  EXPECT_NE(new_sig->key_id(), sig->key_id());
  // Something else in the retired directory is refused at start.
  std::FILE* junk = std::fopen((dir_ / "retired" / "junk.pem").c_str(), "w");
  std::fputs("not a key\n", junk);
  std::fclose(junk);
  EXPECT_FALSE(
      MakeDevSigner((dir_ / "new.pem").string(), (dir_ / "retired").string())
          .ok());
}

}  // namespace
}  // namespace sisker::assignment
