// The sisker-org binary: bad configuration and a profile file with an
// error stop it at start with one clear line; `migrate`; --version; a
// SIGTERM stops it cleanly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/migrations.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"
#include "services/org/schema.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::testing::HasSubstr;

struct Outcome {
  int exit_code;
  std::string output;
};

Outcome RunOrg(const std::string& args) {
  std::string cmd = absl::StrCat(SISKER_BINARY_DIR, "/services/org/sisker-org ",
                                 args, " 2>&1");
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 512> buf;
  while (pipe != nullptr && fgets(buf.data(), buf.size(), pipe) != nullptr)
    out += buf.data();
  int status = pipe == nullptr ? -1 : pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::filesystem::path TempDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             absl::StrCat(name, "-", ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(OrgBinary, PrintsItsVersion) {
  Outcome o = RunOrg("--version");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_THAT(o.output, HasSubstr("sisker-org 0.1.0"));
}

TEST(OrgBinary, BadConfigurationIsOneLineAndExitCodeTwo) {
  Outcome o = RunOrg("--port=abc --pg= --assertion_keys=");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.output, HasSubstr("--port (SISKER_PORT) must be an integer"));
  EXPECT_EQ(std::count(o.output.begin(), o.output.end(), '\n'), 1);
}

TEST(OrgBinary, RefusesToStartWithAProfileFileThatHasAnError) {
  auto db = sisker::testing::TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  auto dir = TempDir("bad-profiles");
  std::filesystem::copy(
      std::string(SISKER_SOURCE_DIR) + "/deploy/policies/kampar-2025.textproto",
      dir / "kampar-2025.textproto");
  std::ofstream(dir / "paser-2024.textproto")
      << "name: \"policyProfiles/paser-2024\"\nversion: 1\n"
         "effective_from { year: 2024 month: 1 day: 1 }\n"
         "regulation { short_citation: \"x\" default_time_zone: "
         "\"Asia/Makassar\" }\n"
         "structure { perangkat_daerah_kinds: \"DINAS\" unit_kinds: "
         "\"DIREKTORAT\" "
         "max_unit_depth: 3 source: \"test\" }\n";
  auto keys = dir / "keys.jwks";
  std::ofstream(keys)
      << R"({"keys":[{"kty":"oct","kid":"t","k":"c2lza2VyLXRlc3Qta2V5LTAxMjM0NTY3ODlhYmNkZWY"}]})";
  Outcome o = RunOrg(absl::StrCat(
      "--pg='", (*db)->conninfo(), "' --assertion_keys=", keys.string(),
      " --policy_dir=", dir.string(),
      " --page_token_key=0123456789abcdef0123 --port=0 --metrics_port=-1",
      " --redis=127.0.0.1:1"));
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_THAT(o.output, HasSubstr("paser-2024.textproto"));
  EXPECT_THAT(o.output,
              HasSubstr("structure.unit_kinds: unknown kind DIREKTORAT"));
  std::filesystem::remove_all(dir);
}

TEST(OrgBinary, MigrateAppliesTheSchemaAndExits) {
  auto db = sisker::testing::TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  Outcome o = RunOrg(absl::StrCat("migrate --pg='", (*db)->conninfo(),
                                  "' --assertion_keys=unused"));
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_EQ((*db)->QueryValue("SELECT count(*) FROM org.schema_migrations"),
            std::to_string(common::PlatformMigrations().size() +
                           Migrations().size()));
  // Twice is harmless.
  EXPECT_EQ(RunOrg(absl::StrCat("migrate --pg='", (*db)->conninfo(),
                                "' --assertion_keys=unused"))
                .exit_code,
            0);
}

TEST(OrgBinary, ServesThenStopsCleanlyOnSigterm) {
  auto db = sisker::testing::TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  auto dir = TempDir("org-sigterm");
  auto keys = dir / "keys.jwks";
  std::ofstream(keys)
      << R"({"keys":[{"kty":"oct","kid":"t","k":"c2lza2VyLXRlc3Qta2V5LTAxMjM0NTY3ODlhYmNkZWY"}]})";
  const int metrics_port = sisker::testing::FreePort();
  const std::string binary =
      absl::StrCat(SISKER_BINARY_DIR, "/services/org/sisker-org");
  std::vector<std::string> args = {
      binary,
      "--pg=" + (*db)->conninfo(),
      "--assertion_keys=" + keys.string(),
      absl::StrCat("--policy_dir=", SISKER_SOURCE_DIR, "/deploy/policies"),
      "--page_token_key=0123456789abcdef0123",
      "--redis=" + *sisker::testing::TestRedisAddress(),
      "--port=0",
      absl::StrCat("--metrics_port=", metrics_port)};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  ASSERT_GT(pid, 0);
  // Serving: /healthz answers 200.
  bool serving = false;
  for (int i = 0; i < 100 && !serving; ++i) {
    std::string cmd = absl::StrCat("curl -sf http://127.0.0.1:", metrics_port,
                                   "/healthz >/dev/null 2>&1");
    serving = std::system(cmd.c_str()) == 0;
    if (!serving) usleep(100 * 1000);
  }
  EXPECT_TRUE(serving);
  kill(pid, SIGTERM);
  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 100 && done == 0; ++i) {
    done = waitpid(pid, &status, WNOHANG);
    if (done == 0) usleep(100 * 1000);
  }
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "sisker-org did not stop within 10 s of SIGTERM";
  }
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sisker::org
