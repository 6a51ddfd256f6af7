// Unit tree rules over effective-dated versions.
#include "services/org/structure.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"

namespace sisker::org {

using common::RuleViolation;
using common::ToIsoDate;

template <typename Version>
absl::Status CheckChangeDate(const std::vector<Version>& versions,
                             absl::CivilDay day, const std::string& name) {
  const Version* latest = nullptr;
  for (const auto& v : versions) {
    if (latest == nullptr || v.seq > latest->seq) latest = &v;
  }
  if (latest == nullptr) return absl::OkStatus();
  if (latest->to.has_value()) {
    return RuleViolation(
        "ALREADY_DISSOLVED",
        absl::StrCat(name, " was dissolved on ", ToIsoDate(*latest->to)),
        absl::StrCat(name, " telah dibubarkan sejak ", ToIsoDate(*latest->to),
                     "."));
  }
  if (day < latest->from) {
    return RuleViolation(
        "CHANGE_BEFORE_LATEST_VERSION",
        absl::StrCat("a change to ", name, " must take effect on or after ",
                     ToIsoDate(latest->from), ", its latest change"),
        absl::StrCat("Perubahan ", name, " harus berlaku pada atau setelah ",
                     ToIsoDate(latest->from), " (perubahan terakhirnya)."));
  }
  return absl::OkStatus();
}

template absl::Status CheckChangeDate(const std::vector<UnitVersion>&,
                                      absl::CivilDay, const std::string&);
template absl::Status CheckChangeDate(const std::vector<PdVersion>&,
                                      absl::CivilDay, const std::string&);

UnitTimeline::UnitTimeline(std::vector<UnitVersion> versions)
    : versions_(std::move(versions)) {}

const UnitVersion* UnitTimeline::At(const std::string& unit_id,
                                    absl::CivilDay day) const {
  for (const auto& v : versions_) {
    if (v.unit_id == unit_id && v.Covers(day)) return &v;
  }
  return nullptr;
}

const UnitVersion* UnitTimeline::Latest(const std::string& unit_id) const {
  const UnitVersion* latest = nullptr;
  for (const auto& v : versions_) {
    if (v.unit_id == unit_id && (latest == nullptr || v.seq > latest->seq)) {
      latest = &v;
    }
  }
  return latest;
}

void UnitTimeline::Propose(const std::string& unit_id, absl::CivilDay day,
                           std::optional<UnitVersion> next,
                           const std::string& successor) {
  int max_seq = 0;
  for (auto& v : versions_) {
    if (v.unit_id != unit_id) continue;
    max_seq = std::max(max_seq, v.seq);
    if (!v.to.has_value()) {
      v.to = day;
      v.successor_id = successor;
    }
  }
  if (next.has_value()) {
    next->unit_id = unit_id;
    next->seq = max_seq + 1;
    next->from = day;
    next->to.reset();
    versions_.push_back(*std::move(next));
  }
}

std::vector<std::string> UnitTimeline::ChildrenOnOrAfter(
    const std::string& unit_id, absl::CivilDay day) const {
  std::set<std::string> children;
  for (const auto& v : versions_) {
    if (v.parent_id == unit_id && (!v.to.has_value() || *v.to > day) &&
        (!v.to.has_value() || *v.to > v.from)) {
      children.insert(v.unit_id);
    }
  }
  return {children.begin(), children.end()};
}

std::vector<std::string> UnitTimeline::UnitsOfPdOnOrAfter(
    const std::string& pd_id, absl::CivilDay day) const {
  std::set<std::string> units;
  for (const auto& v : versions_) {
    if (v.pd_id == pd_id && (!v.to.has_value() || *v.to > day) &&
        (!v.to.has_value() || *v.to > v.from)) {
      units.insert(v.unit_id);
    }
  }
  return {units.begin(), units.end()};
}

bool UnitTimeline::IsInSubtree(const std::string& candidate,
                               const std::string& unit_id,
                               absl::CivilDay day) const {
  std::string current = candidate;
  for (size_t steps = 0; steps <= versions_.size() && !current.empty();
       ++steps) {
    if (current == unit_id) return true;
    const UnitVersion* v = At(current, day);
    if (v == nullptr) return false;
    current = v->parent_id;
  }
  return false;
}

absl::Status UnitTimeline::Validate(absl::CivilDay day, int max_depth) const {
  std::set<absl::CivilDay> days = {day};
  for (const auto& v : versions_) {
    if (v.from > day) days.insert(v.from);
    if (v.to.has_value() && *v.to > day) days.insert(*v.to);
  }
  for (absl::CivilDay d : days) {
    if (auto status = ValidateOn(d, max_depth); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status UnitTimeline::ValidateOn(absl::CivilDay day, int max_depth) const {
  std::map<std::string, const UnitVersion*> live;
  for (const auto& v : versions_) {
    if (v.Covers(day)) live[v.unit_id] = &v;
  }
  const std::string on = ToIsoDate(day);
  for (const auto& [id, v] : live) {
    if (v->parent_id.empty()) continue;
    auto parent = live.find(v->parent_id);
    if (parent == live.end()) {
      return RuleViolation(
          "PARENT_NOT_LIVE",
          absl::StrCat("unit ", id, " would sit under unit ", v->parent_id,
                       ", which does not exist on ", on),
          absl::StrCat("Unit ", id, " akan berada di bawah unit ", v->parent_id,
                       " yang tidak ada pada ", on, "."));
    }
    if (parent->second->pd_id != v->pd_id) {
      return RuleViolation(
          "PARENT_IN_OTHER_PD",
          absl::StrCat("unit ", id, " and its parent ", v->parent_id,
                       " belong to different Perangkat Daerah on ", on),
          absl::StrCat("Unit ", id, " dan induknya ", v->parent_id,
                       " berada pada Perangkat Daerah yang berbeda pada ", on,
                       "."));
    }
    int depth = 1;
    std::string current = v->parent_id;
    while (!current.empty()) {
      if (current == id || depth > static_cast<int>(live.size())) {
        return RuleViolation(
            "UNIT_CYCLE",
            absl::StrCat("unit ", id, " would be its own ancestor on ", on),
            absl::StrCat("Unit ", id,
                         " akan menjadi induk dari dirinya sendiri pada ", on,
                         "."));
      }
      auto up = live.find(current);
      if (up == live.end()) break;
      current = up->second->parent_id;
      ++depth;
    }
    if (depth > max_depth) {
      return RuleViolation(
          "UNIT_TREE_TOO_DEEP",
          absl::StrCat("unit ", id, " would be ", depth,
                       " levels below its PD on ", on, "; the profile allows ",
                       max_depth),
          absl::StrCat("Unit ", id, " akan berada ", depth,
                       " tingkat di bawah Perangkat Daerah pada ", on,
                       "; profil kebijakan membolehkan paling banyak ",
                       max_depth, " (konfigurasi)."));
    }
  }
  return absl::OkStatus();
}

}  // namespace sisker::org
