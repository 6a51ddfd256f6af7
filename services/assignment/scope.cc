#include "services/assignment/scope.h"

#include <algorithm>

namespace sisker::assignment {

Scope ComputeScope(const Seat& owner, const Seat& person) {
  if (person.instansi.empty() || person.instansi != owner.instansi) {
    return sisker::v1::AssignmentRules::CROSS_INSTITUTION;
  }
  if (person.pd != owner.pd) return sisker::v1::AssignmentRules::CROSS_PD;
  if (owner.units.empty()) return sisker::v1::AssignmentRules::CROSS_UNIT;
  const std::string& owner_unit = owner.units.front();
  // The person's unit or one of its ancestors is the owner unit.
  if (std::find(person.units.begin(), person.units.end(), owner_unit) !=
      person.units.end()) {
    return sisker::v1::AssignmentRules::WITHIN_UNIT;
  }
  return sisker::v1::AssignmentRules::CROSS_UNIT;
}

const char* ScopeText(Scope scope) {
  switch (scope) {
    case sisker::v1::AssignmentRules::WITHIN_UNIT:
      return "within one unit";
    case sisker::v1::AssignmentRules::CROSS_UNIT:
      return "across units of one Perangkat Daerah";
    case sisker::v1::AssignmentRules::CROSS_PD:
      return "across Perangkat Daerah";
    case sisker::v1::AssignmentRules::CROSS_INSTITUTION:
      return "across institutions";
    default:
      return "unknown scope";
  }
}

}  // namespace sisker::assignment
