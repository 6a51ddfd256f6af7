// NIP and NI PPPK cases, including the NIPs printed in the two seeds.
#include "services/org/nip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::testing::HasSubstr;

const absl::CivilDay kToday(2026, 11, 22);

std::vector<std::string> Codes(const ParsedNip& nip) {
  std::vector<std::string> codes;
  for (const auto& w : nip.warnings) codes.push_back(w.code);
  return codes;
}

std::string Why(const absl::Status& s) {
  auto d = common::GetErrorDetails(s);
  return d && !d->field_violations.empty() ? d->field_violations[0].description
                                           : "";
}

TEST(Nip, TheKamparSignatoryNipIsValid) {
  // Perbup Kampar 9/2025 prints "Nip. 19671021 200012 1001".
  auto nip = ParseNip("19671021 200012 1001", AsnKind::kPns, kToday);
  ASSERT_THAT(nip, IsOk());
  EXPECT_EQ(nip->digits, "196710212000121001");
  EXPECT_EQ(nip->birth_date, absl::CivilDay(1967, 10, 21));
  EXPECT_EQ(nip->service_start, absl::CivilMonth(2000, 12));
  EXPECT_TRUE(nip->male);
  EXPECT_EQ(nip->serial, 1);
  EXPECT_TRUE(nip->warnings.empty());
}

TEST(Nip, ThePaserSignatoryNipIsWellFormedButImplausible) {
  // Perbup Paser 9/2024 prints "NIP. 19980816 199803 1 007": service would
  // start five months before birth. A warning, not a refusal.
  auto nip = ParseNip("19980816 199803 1 007", AsnKind::kPns, kToday);
  ASSERT_THAT(nip, IsOk());
  EXPECT_THAT(Codes(*nip), ::testing::ElementsAre("NIP_SERVICE_BEFORE_BIRTH"));
}

TEST(Nip, RefusesStructuralErrorsNamingThePart) {
  auto length = ParseNip("1967102120001210", AsnKind::kPns, kToday);
  EXPECT_THAT(length, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Why(length.status()), HasSubstr("18 digits, not 16"));
  EXPECT_THAT(
      Why(ParseNip("19671021200012100A", AsnKind::kPns, kToday).status()),
      HasSubstr("digits only"));
  EXPECT_THAT(
      Why(ParseNip("196702302000121001", AsnKind::kPns, kToday).status()),
      HasSubstr("birth date"));
  EXPECT_THAT(
      Why(ParseNip("196710212000131001", AsnKind::kPns, kToday).status()),
      HasSubstr("start of service"));
  EXPECT_THAT(
      Why(ParseNip("196710212000123001", AsnKind::kPns, kToday).status()),
      HasSubstr("digit 15 (sex)"));
}

TEST(Nip, WarnsOnImplausibleValues) {
  EXPECT_THAT(Codes(*ParseNip("193001012000121001", AsnKind::kPns, kToday)),
              ::testing::Contains("NIP_BIRTH_YEAR_IMPLAUSIBLE"));
  EXPECT_THAT(Codes(*ParseNip("199001012030011001", AsnKind::kPns, kToday)),
              ::testing::Contains("NIP_SERVICE_IN_FUTURE"));
  EXPECT_THAT(Codes(*ParseNip("199001012000011000", AsnKind::kPns, kToday)),
              ::testing::Contains("NIP_AGE_AT_START_IMPLAUSIBLE"));
}

TEST(NiPppk, ReadsYearOfAppointmentAndAgreementCountNotAMonth) {
  // Year 2022, agreement count 21: "21" is no month check for PPPK.
  auto ni = ParseNip("198605152022212005", AsnKind::kPppk, kToday);
  ASSERT_THAT(ni, IsOk());
  EXPECT_EQ(ni->service_start, absl::CivilMonth(2022, 1));
  EXPECT_EQ(ni->agreement_count, 21);
  EXPECT_FALSE(ni->male);
  // The same digits read as a PNS NIP have month 21: refused.
  EXPECT_THAT(ParseNip("198605152022212005", AsnKind::kPns, kToday),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(
      Why(ParseNip("198605152022002005", AsnKind::kPppk, kToday).status()),
      HasSubstr("work-agreement count"));
  EXPECT_THAT(Codes(*ParseNip("198605152015012005", AsnKind::kPppk, kToday)),
              ::testing::Contains("NIP_PPPK_YEAR_IMPLAUSIBLE"));
}

}  // namespace
}  // namespace sisker::org
