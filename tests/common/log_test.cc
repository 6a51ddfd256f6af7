#include "common/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sisker::common {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MaskNip, MasksAnEighteenDigitNip) {
  EXPECT_EQ(MaskNip("nip 196710212000121001 ok"), "nip 1967***********001 ok");
}

TEST(MaskNip, MasksANipWrittenWithSpaces) {
  EXPECT_EQ(MaskNip("19671021 200012 1 001"), "1967**** ****** * 001");
}

TEST(MaskNip, LeavesOtherNumbersAlone) {
  EXPECT_EQ(MaskNip("port 50051, 12345678901234567, 1234567890123456789"),
            "port 50051, 12345678901234567, 1234567890123456789");
}

TEST(LogLine, IsOneJsonObjectPerLineWithMaskedFields) {
  std::string line = FormatLogLine(
      LogLevel::kInfo, "rpc",
      {{"principal", std::string("person:196710212000121001@kampar")},
       {"latency_ms", 1.5},
       {"ok", true},
       {"quote", std::string("a\"b\nc")}});
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_THAT(line, Not(HasSubstr("196710212000121001")));
  EXPECT_THAT(line, HasSubstr("\"latency_ms\":1.500"));
  EXPECT_THAT(line, HasSubstr("\"ok\":true"));
  EXPECT_THAT(line, HasSubstr("a\\\"b\\nc"));
  EXPECT_THAT(line, HasSubstr("\"level\":\"info\""));
}

}  // namespace
}  // namespace sisker::common
