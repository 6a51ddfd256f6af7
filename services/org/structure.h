// The organisation structure's rules over time (no gRPC, no SQL): units
// form one tree per Perangkat Daerah on every date; a change from a date
// must keep the tree sound on that date and on every later date already
// recorded (KMP 3(3), PSR 6(1): kedudukan follows each PD's own structure).
#ifndef SISKER_SERVICES_ORG_STRUCTURE_H_
#define SISKER_SERVICES_ORG_STRUCTURE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"

namespace sisker::org {

// One version of a unit or PD: valid on [from, to).
struct UnitVersion {
  std::string unit_id;
  int seq = 0;
  absl::CivilDay from;
  std::optional<absl::CivilDay> to;
  std::string pd_id;
  std::string parent_id;  // empty: directly under the PD
  std::string display_name;
  std::string kind;
  std::string successor_id;

  bool Covers(absl::CivilDay day) const {
    return from <= day && (!to.has_value() || day < *to);
  }
};

struct PdVersion {
  std::string pd_id;
  int seq = 0;
  absl::CivilDay from;
  std::optional<absl::CivilDay> to;
  std::string display_name;
  std::string kind;
  std::string code;
  std::string successor_id;

  bool Covers(absl::CivilDay day) const {
    return from <= day && (!to.has_value() || day < *to);
  }
};

// The version of a resource that answers a read "as of" a day: the one
// covering it, else the last one if the resource was dissolved before that
// day (reported as dissolved), else none (it did not exist yet).
template <typename Version>
const Version* VersionForRead(const std::vector<Version>& versions,
                              absl::CivilDay day, bool* dissolved) {
  *dissolved = false;
  const Version* last = nullptr;
  for (const auto& v : versions) {
    if (v.Covers(day)) return &v;
    if (last == nullptr || v.seq > last->seq) last = &v;
  }
  if (last != nullptr && last->to.has_value() && *last->to <= day) {
    *dissolved = true;
    return last;
  }
  return nullptr;
}

// A change is recorded from a date on or after the resource's latest
// version (history is not rewritten; a correction is a new version).
// FAILED_PRECONDITION CHANGE_BEFORE_LATEST_VERSION or ALREADY_DISSOLVED.
template <typename Version>
absl::Status CheckChangeDate(const std::vector<Version>& versions,
                             absl::CivilDay day, const std::string& name);

// The unit versions of the PDs a change touches, with a proposed change.
class UnitTimeline {
 public:
  explicit UnitTimeline(std::vector<UnitVersion> versions);

  const UnitVersion* At(const std::string& unit_id, absl::CivilDay day) const;
  const UnitVersion* Latest(const std::string& unit_id) const;
  const std::vector<UnitVersion>& versions() const { return versions_; }

  // Ends the unit's open version on `day` (naming `successor` when it was
  // merged) and, unless `next` is empty (dissolution), opens `next` from
  // `day`.
  void Propose(const std::string& unit_id, absl::CivilDay day,
               std::optional<UnitVersion> next,
               const std::string& successor = "");

  // Units whose version on some day >= `day` has `unit_id` as parent.
  std::vector<std::string> ChildrenOnOrAfter(const std::string& unit_id,
                                             absl::CivilDay day) const;
  // Units of `pd_id` live on some day >= `day`.
  std::vector<std::string> UnitsOfPdOnOrAfter(const std::string& pd_id,
                                              absl::CivilDay day) const;
  // True when `candidate` is `unit_id` or below it on `day`.
  bool IsInSubtree(const std::string& candidate, const std::string& unit_id,
                   absl::CivilDay day) const;

  // On `day` and every later day on which something changes: every live
  // unit's parent is live and in the same PD, there is no cycle, and no
  // unit is deeper than `max_depth`. FAILED_PRECONDITION with reason
  // UNIT_CYCLE, UNIT_TREE_TOO_DEEP, PARENT_NOT_LIVE or PARENT_IN_OTHER_PD.
  absl::Status Validate(absl::CivilDay day, int max_depth) const;

 private:
  absl::Status ValidateOn(absl::CivilDay day, int max_depth) const;
  std::vector<UnitVersion> versions_;
};

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_STRUCTURE_H_
