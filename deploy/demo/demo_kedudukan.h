// Generates the demo kedudukan of one instansi from its structure: posts
// for every PD and unit (heads, fungsional and pelaksana posts with their
// formations), about 8,000 pegawai with valid NIPs (a share of PPPK) as
// SIASN-shaped CSV per PD, some vacant Administrator posts, a PD without an
// Administrator, Plt/Plh cases and a delegation. Deterministic: the same
// instansi gives the same plan, so loading it twice changes nothing.
#ifndef SISKER_DEPLOY_DEMO_DEMO_KEDUDUKAN_H_
#define SISKER_DEPLOY_DEMO_DEMO_KEDUDUKAN_H_

#include <string>
#include <vector>

#include "deploy/demo/demo_structure.h"
#include "sisker/v1/org.pb.h"

namespace sisker::demo {

struct KedudukanPlan {
  std::vector<sisker::v1::CreatePostRequest> posts;  // parents before children
  std::vector<std::string> csv_chunks;               // one per PD
  std::vector<sisker::v1::CreateActingAppointmentRequest> acting;
  std::vector<sisker::v1::CreateDelegationRequest> delegations;
  sisker::v1::CreateOfficialRequest bupati;
  int pegawai = 0;
  int vacant_administrator_posts = 0;
};

// `no_administrator_pd`: a PD whose units get no Administrator post
// (PSR 20(1)). `target_pegawai`: about how many pegawai to place.
KedudukanPlan PlanKedudukan(const std::string& instansi,
                            const DemoStructure& structure,
                            const std::string& no_administrator_pd,
                            int target_pegawai);

}  // namespace sisker::demo

#endif  // SISKER_DEPLOY_DEMO_DEMO_KEDUDUKAN_H_
