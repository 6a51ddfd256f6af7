// Date conversions.
#include "common/dates.h"

#include "absl/strings/str_format.h"

namespace sisker::common {

bool IsSet(const google::type::Date& date) {
  return date.year() != 0 || date.month() != 0 || date.day() != 0;
}

bool IsValidDate(const google::type::Date& date) {
  if (date.year() < 1900 || date.year() > 9999 || date.month() < 1 ||
      date.month() > 12 || date.day() < 1 || date.day() > 31) {
    return false;
  }
  absl::CivilDay day(date.year(), date.month(), date.day());
  return day.year() == date.year() && day.month() == date.month() &&
         day.day() == date.day();
}

absl::CivilDay ToCivilDay(const google::type::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

google::type::Date ToProtoDate(absl::CivilDay day) {
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

std::string ToIsoDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<absl::CivilDay> ParseIsoDate(const std::string& text) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError("not a date: " + text);
  }
  return day;
}

bool IsKnownTimeZone(const std::string& time_zone) {
  absl::TimeZone tz;
  return absl::LoadTimeZone(time_zone, &tz);
}

absl::CivilDay TodayIn(const std::string& time_zone, absl::Time now) {
  absl::TimeZone tz = absl::UTCTimeZone();
  (void)absl::LoadTimeZone(time_zone, &tz);
  return absl::ToCivilDay(now, tz);
}

}  // namespace sisker::common
