// The scope of an assignment (DOMAIN.md 3.2; KMP 4(3), PSR 7(3)): where the
// assigned person sits relative to the work's owner. Computed from the org
// structure, never typed by a client. No gRPC, no SQL.
#ifndef SISKER_SERVICES_ASSIGNMENT_SCOPE_H_
#define SISKER_SERVICES_ASSIGNMENT_SCOPE_H_

#include <string>
#include <vector>

#include "sisker/v1/common.pb.h"

namespace sisker::assignment {

using Scope = sisker::v1::AssignmentRules::Scope;

// A place in the structure: the instansi, the Perangkat Daerah, and the unit
// with its ancestors (own unit first; empty for the PD as a whole).
struct Seat {
  std::string instansi;
  std::string pd;
  std::vector<std::string> units;
};

// `owner`: the unit (or PD) that owns the work (pemilik kinerja);
// `person`: where the assigned pegawai sits, or an external participant
// (another institution: instansi differs or is empty).
//   same unit, or a unit below the owner unit      -> WITHIN_UNIT
//   another unit of the same PD, or the owner is
//   the PD as a whole                              -> CROSS_UNIT
//   another PD of the same instansi                -> CROSS_PD
//   another instansi / an external participant     -> CROSS_INSTITUTION
Scope ComputeScope(const Seat& owner, const Seat& person);

// "within one unit", "across units", ... for messages.
const char* ScopeText(Scope scope);

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_SCOPE_H_
