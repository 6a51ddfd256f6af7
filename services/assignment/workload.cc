#include "services/assignment/workload.h"

#include <algorithm>

#include "common/dates.h"

namespace sisker::assignment {
namespace {

using A = sisker::v1::Assignment;

bool Committed(const sisker::v1::Assignment& a) {
  return a.state() == A::ACTIVE || a.state() == A::AWAITING_LETTER;
}

}  // namespace

sisker::v1::WorkloadSummary SummarizeWorkload(
    const std::vector<sisker::v1::Assignment>& assignments, absl::CivilDay from,
    absl::CivilDay to, const std::string& exclude, int threshold) {
  sisker::v1::WorkloadSummary out;
  int count = 0;
  for (const auto& a : assignments) {
    if (a.name() == exclude || !Committed(a)) continue;
    if (common::ToCivilDay(a.start_date()) <= to &&
        common::ToCivilDay(a.end_date()) >= from) {
      ++count;
    }
  }
  out.set_active_assignments(count);
  out.set_overload_threshold(threshold);
  out.set_overloaded(threshold > 0 && count >= threshold);
  return out;
}

sisker::v1::Workload WorkloadOn(
    const std::vector<sisker::v1::Assignment>& assignments, absl::CivilDay day,
    int threshold) {
  sisker::v1::Workload out;
  *out.mutable_as_of() = common::ToProtoDate(day);
  std::vector<const sisker::v1::Assignment*> open;
  for (const auto& a : assignments) {
    if (!Committed(a) && a.state() != A::PENDING_APPROVAL) continue;
    if (common::ToCivilDay(a.end_date()) < day) continue;
    open.push_back(&a);
  }
  std::stable_sort(open.begin(), open.end(), [](const auto* x, const auto* y) {
    return common::ToCivilDay(x->end_date()) <
           common::ToCivilDay(y->end_date());
  });
  int active = 0;
  for (const auto* a : open) {
    *out.add_assignments() = *a;
    if (Committed(*a) && common::ToCivilDay(a->start_date()) <= day) ++active;
    if (a->low_priority())
      out.set_low_priority_count(out.low_priority_count() + 1);
  }
  out.set_active_count(active);
  out.set_overload_threshold(threshold);
  out.set_overloaded(threshold > 0 && active >= threshold);
  return out;
}

}  // namespace sisker::assignment
