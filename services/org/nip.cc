// NIP / NI PPPK parsing and plausibility warnings.
#include "services/org/nip.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace sisker::org {
namespace {

int Number(const std::string& digits, size_t pos, size_t len) {
  int n = 0;
  for (size_t i = pos; i < pos + len; ++i) n = n * 10 + (digits[i] - '0');
  return n;
}

absl::Status Refuse(const std::string& field, const std::string& part) {
  return common::InvalidFields({{field, part}});
}

}  // namespace

absl::StatusOr<ParsedNip> ParseNip(const std::string& text, AsnKind kind,
                                   absl::CivilDay today,
                                   const NipSettings& settings,
                                   const std::string& field) {
  const char* number = kind == AsnKind::kPns ? "NIP" : "NI PPPK";
  ParsedNip nip;
  for (char c : text) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') {
      return Refuse(field,
                    absl::StrCat(number, " must contain digits only (found '",
                                 std::string(1, c), "')"));
    }
    nip.digits.push_back(c);
  }
  if (nip.digits.size() != 18) {
    return Refuse(field, absl::StrCat(number, " must have 18 digits, not ",
                                      nip.digits.size()));
  }
  const int by = Number(nip.digits, 0, 4);
  const int bm = Number(nip.digits, 4, 2);
  const int bd = Number(nip.digits, 6, 2);
  nip.birth_date = absl::CivilDay(by, bm, bd);
  if (bm < 1 || bm > 12 || bd < 1 || nip.birth_date.year() != by ||
      nip.birth_date.month() != bm || nip.birth_date.day() != bd) {
    return Refuse(field, absl::StrCat(number, " digits 1-8 (birth date ",
                                      nip.digits.substr(0, 8),
                                      ") are not a calendar date"));
  }
  const int sy = Number(nip.digits, 8, 4);
  if (kind == AsnKind::kPns) {
    const int sm = Number(nip.digits, 12, 2);
    if (sm < 1 || sm > 12 || sy < 1900) {
      return Refuse(field, absl::StrCat("NIP digits 9-14 (start of service ",
                                        nip.digits.substr(8, 6),
                                        ") are not a year and month"));
    }
    nip.service_start = absl::CivilMonth(sy, sm);
  } else {
    nip.agreement_count = Number(nip.digits, 12, 2);
    if (sy < 1900 || nip.agreement_count == 0) {
      return Refuse(field,
                    absl::StrCat("NI PPPK digits 9-14 (year of appointment and "
                                 "work-agreement count ",
                                 nip.digits.substr(8, 6), ") are malformed"));
    }
    nip.service_start = absl::CivilMonth(sy, 1);
  }
  const char sex = nip.digits[14];
  if (sex != '1' && sex != '2') {
    return Refuse(field,
                  absl::StrCat(number, " digit 15 (sex) must be 1 or 2, not ",
                               std::string(1, sex)));
  }
  nip.male = sex == '1';
  nip.serial = Number(nip.digits, 15, 3);

  auto warn = [&nip](std::string code, std::string message) {
    nip.warnings.push_back({std::move(code), std::move(message)});
  };
  const absl::CivilMonth birth_month(nip.birth_date);
  if (by < settings.min_birth_year) {
    warn("NIP_BIRTH_YEAR_IMPLAUSIBLE",
         absl::StrCat("birth year ", by, " is before ",
                      settings.min_birth_year));
  }
  if (nip.birth_date > today) {
    warn("NIP_BIRTH_IN_FUTURE", "birth date is in the future");
  }
  if (nip.service_start < birth_month) {
    warn("NIP_SERVICE_BEFORE_BIRTH",
         "start of service is before the birth date");
  } else {
    const int age = static_cast<int>(nip.service_start.year() - by);
    if (age < settings.min_age_at_start || age > settings.max_age_at_start) {
      warn("NIP_AGE_AT_START_IMPLAUSIBLE",
           absl::StrCat("age at start of service would be about ", age));
    }
  }
  if (nip.service_start > absl::CivilMonth(today)) {
    warn("NIP_SERVICE_IN_FUTURE", "start of service is in the future");
  }
  if (kind == AsnKind::kPppk && sy < settings.min_pppk_year) {
    warn("NIP_PPPK_YEAR_IMPLAUSIBLE",
         absl::StrCat("PPPK appointment year ", sy, " is before ",
                      settings.min_pppk_year));
  }
  if (nip.serial == 0) warn("NIP_SERIAL_ZERO", "serial number 000");
  return nip;
}

}  // namespace sisker::org
