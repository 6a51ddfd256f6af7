// A pegawai's workload (KMP 4(2), PSR 7(4): work across several targets;
// KMP 5(2): another PD's work is low priority) and the approver's overload
// warning (a threshold the profile configures). Pure; no gRPC, no SQL.
#ifndef SISKER_SERVICES_ASSIGNMENT_WORKLOAD_H_
#define SISKER_SERVICES_ASSIGNMENT_WORKLOAD_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "sisker/v1/assignment.pb.h"

namespace sisker::assignment {

// Assignments ACTIVE or AWAITING_LETTER whose period overlaps [from, to],
// other than `exclude` (the one being decided), against `threshold`
// (0: never overloaded).
sisker::v1::WorkloadSummary SummarizeWorkload(
    const std::vector<sisker::v1::Assignment>& assignments, absl::CivilDay from,
    absl::CivilDay to, const std::string& exclude, int threshold);

// The pegawai's workload on `day`: assignments ACTIVE, AWAITING_LETTER or
// PENDING_APPROVAL that have not ended by `day`, earliest end first; the
// count of those ACTIVE or AWAITING_LETTER that are under way on `day`.
sisker::v1::Workload WorkloadOn(
    const std::vector<sisker::v1::Assignment>& assignments, absl::CivilDay day,
    int threshold);

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_WORKLOAD_H_
