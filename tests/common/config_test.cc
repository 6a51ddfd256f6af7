#include "common/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "common/testing/status_matchers.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::testing::HasSubstr;

Config::EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  auto holder =
      std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [holder](const char* name) -> const char* {
    auto it = holder->find(name);
    return it == holder->end() ? nullptr : it->second.c_str();
  };
}

Config MakeConfig() {
  Config c;
  c.AddString("pg", "", "conninfo", true);
  c.AddInt("port", 50051, 0, 65535, "port");
  c.AddBool("reflection", false, "reflection");
  return c;
}

TEST(Config, FlagsOverrideEnvironmentWhichOverridesDefaults) {
  Config c = MakeConfig();
  const char* argv[] = {"bin", "--port=7000"};
  ASSERT_THAT(c.Parse(2, argv,
                      FakeEnv({{"SISKER_PG", "host=x"},
                               {"SISKER_PORT", "6000"},
                               {"SISKER_REFLECTION", "yes"}})),
              IsOk());
  EXPECT_EQ(c.GetString("pg"), "host=x");
  EXPECT_EQ(c.GetInt("port"), 7000);
  EXPECT_TRUE(c.GetBool("reflection"));
}

TEST(Config, ReportsEveryProblemInOneLine) {
  Config c = MakeConfig();
  const char* argv[] = {"bin", "--port=99999", "--nope=1",
                        "--reflection=maybe"};
  absl::Status s = c.Parse(4, argv, FakeEnv({}));
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(s.message()), HasSubstr("unknown flag --nope"));
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("--port (SISKER_PORT) must be in [0, 65535]"));
  EXPECT_THAT(
      std::string(s.message()),
      HasSubstr("--reflection (SISKER_REFLECTION) must be true or false"));
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("--pg (SISKER_PG) is required"));
  EXPECT_EQ(std::string(s.message()).find('\n'), std::string::npos);
}

TEST(Config, KeepsSubcommandsAsPositional) {
  Config c = MakeConfig();
  const char* argv[] = {"bin", "migrate", "--pg", "host=y"};
  ASSERT_THAT(c.Parse(4, argv, FakeEnv({})), IsOk());
  EXPECT_THAT(c.positional(), ::testing::ElementsAre("migrate"));
  EXPECT_EQ(c.GetString("pg"), "host=y");
}

TEST(Config, UsageNeverPrintsSecrets) {
  Config c;
  c.AddSecret("page_token_key", "signs tokens");
  const char* argv[] = {"bin", "--page_token_key=supersecretvalue"};
  ASSERT_THAT(c.Parse(2, argv, FakeEnv({})), IsOk());
  EXPECT_THAT(c.Usage(), ::testing::Not(HasSubstr("supersecretvalue")));
}

}  // namespace
}  // namespace sisker::common
