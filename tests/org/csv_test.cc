#include "services/org/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;

TEST(Csv, ReadsQuotedFieldsAndSemicolonsAndCrLf) {
  auto rows = ParseCsv(
      "nip;nama;jabatan\r\n\"19671021 200012 1 001\";\"Siti; "
      "\"\"Ani\"\"\";staf\r\n\r\n"
      "198001012005011001;Budi;analis\n",
      {"NIP", "NAMA"});
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].line, 2);
  EXPECT_EQ((*rows)[0].fields.at("NAMA"), "Siti; \"Ani\"");
  EXPECT_EQ((*rows)[1].fields.at("JABATAN"), "analis");
  EXPECT_EQ((*rows)[1].line, 4);
}

TEST(Csv, RefusesAMissingColumnARaggedRowAndAnOpenQuote) {
  EXPECT_THAT(ParseCsv("NIP,NAMA\n1,2\n", {"NIP", "JABATAN"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseCsv("NIP,NAMA\n1,2,3\n", {"NIP"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseCsv("NIP,NAMA\n\"1,2\n", {"NIP"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseCsv("", {"NIP"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace sisker::org
