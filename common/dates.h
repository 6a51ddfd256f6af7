// Calendar dates: google.type.Date <-> absl::CivilDay, and "today" in an
// instansi's time zone (effective dating is valid time, ARCHITECTURE.md 6).
#ifndef SISKER_COMMON_DATES_H_
#define SISKER_COMMON_DATES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/type/date.pb.h"

namespace sisker::common {

// A complete, real calendar date (no year/month/day of 0, no 31 Feb).
bool IsValidDate(const google::type::Date& date);
bool IsSet(const google::type::Date& date);
// Call only on a valid date.
absl::CivilDay ToCivilDay(const google::type::Date& date);
google::type::Date ToProtoDate(absl::CivilDay day);
// "2025-01-31", the form PostgreSQL DATE columns take and give.
std::string ToIsoDate(absl::CivilDay day);
absl::StatusOr<absl::CivilDay> ParseIsoDate(const std::string& text);

// Today in `time_zone` (IANA name); UTC if the zone cannot be loaded.
absl::CivilDay TodayIn(const std::string& time_zone,
                       absl::Time now = absl::Now());
bool IsKnownTimeZone(const std::string& time_zone);

}  // namespace sisker::common

#endif  // SISKER_COMMON_DATES_H_
