// NIP (PNS) and NI PPPK: national rules, not from the Perbup — never cite
// the Perbup for them (DOMAIN.md 3.1). 18 digits once spaces are removed:
//   PNS : birth date YYYYMMDD + start of service (TMT CPNS) YYYYMM + sex +
//   serial PPPK: birth date YYYYMMDD + year of appointment YYYY +
//   work-agreement
//         count NN + sex + serial
// Structural errors are refused naming the part; implausible but
// well-formed values are warnings.
#ifndef SISKER_SERVICES_ORG_NIP_H_
#define SISKER_SERVICES_ORG_NIP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace sisker::org {

enum class AsnKind { kPns, kPppk };

struct NipWarning {
  std::string code;     // e.g. NIP_SERVICE_BEFORE_BIRTH
  std::string message;  // English, names the part
};

struct ParsedNip {
  std::string digits;  // the 18 digits, spaces removed
  absl::CivilDay birth_date;
  // PNS: the month service started; PPPK: January of the appointment year.
  absl::CivilMonth service_start;
  int agreement_count = 0;  // PPPK only
  bool male = true;
  int serial = 0;
  std::vector<NipWarning> warnings;
};

struct NipSettings {
  int min_birth_year = 1940;
  int min_age_at_start = 18;
  int max_age_at_start = 60;
  int min_pppk_year = 2019;  // PPPK began under PP 49/2018
};

// INVALID_ARGUMENT on a structural error, with field violation `field`
// naming the part (length, digits, birth date, start of service, sex
// digit). `today` bounds "in the future" warnings.
absl::StatusOr<ParsedNip> ParseNip(const std::string& text, AsnKind kind,
                                   absl::CivilDay today,
                                   const NipSettings& settings = {},
                                   const std::string& field = "nip");

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_NIP_H_
