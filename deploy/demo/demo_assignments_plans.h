// Internal to the demo assignments (demo_assignments.h): the scenarios of
// each kabupaten (demo_assignments_plans.cc), which the loader
// (demo_assignments.cc) drives through the assignment service.
#ifndef SISKER_DEPLOY_DEMO_DEMO_ASSIGNMENTS_PLANS_H_
#define SISKER_DEPLOY_DEMO_DEMO_ASSIGNMENTS_PLANS_H_

#include <vector>

#include "deploy/demo/demo_client.h"
#include "sisker/v1/assignment.pb.h"

namespace sisker::demo::assignments {

using Rules = v1::AssignmentRules;

// Who acts, resolved from the org structure today.
enum class Who {
  kNone,
  kSelf,            // the assignee (volunteering, KMP 4(7), PSR 8(3))
  kPpk,             // the assignee's Pejabat Penilai Kinerja
  kDirectSuperior,  // the assignee's direct superior
  kHomeUnitHead,    // the head of the unit where the assignee sits
  kHomeKepalaPd,    // the Kepala PD where the assignee sits
  kOwnerUnitHead,   // the Pimpinan Unit of the owner unit
  kOwnerKepalaPd,   // the Kepala PD owning the work
  kSekda,           // the Sekretaris Daerah
  kDelegate,        // the holder of the plan's signing delegation
};

enum class Op { kApprove, kAccept, kRefuse, kSign, kCancel, kSupersede };

struct Step {
  Op op;
  Who who;
  const char* reason = "";  // kRefuse, kCancel, kSupersede
};

struct Scenario {
  const char* home_unit;   // where the assignee sits
  const char* owner_unit;  // pemilik kinerja
  Rules::Method method;
  Who creator;
  const char* purpose;
  std::vector<const char*> targets;
  const char* competence = "";  // across units or PDs (PSR 9(3)b)
  Day start, end;
  std::vector<Step> steps;
  Day corrected_end = {};  // kSupersede: the corrected period's end
  Who inbox = Who::kNone;  // printed: who has this pending action
  bool showcase = false;   // printed: this letter's verification code
  const char* other =
      "Melaporkan hasil pelaksanaan tugas secara tertulis kepada pemberi "
      "tugas; biaya dibebankan pada DPA Tahun Anggaran 2026.";
};

struct Plan {
  // The head of the first of `delegate_units` not vacant signs "a.n." the
  // Kepala of `delegating_pd`.
  std::vector<const char*> delegate_units;
  const char* delegating_pd = "";
  std::vector<Scenario> scenarios;
};

Plan KamparPlan();
Plan PaserPlan();

}  // namespace sisker::demo::assignments

#endif  // SISKER_DEPLOY_DEMO_DEMO_ASSIGNMENTS_PLANS_H_
