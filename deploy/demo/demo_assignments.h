// The demo assignments (DOMAIN.md 3.2): in each kabupaten an assignment in
// every state and letters valid, cancelled and superseded; in Paser also
// involvement requests across units and PDs, the Sekda's cross-PD letter
// (PSR 9(5)b), a letter signed "a.n." under a signing delegation and a
// cross-PD volunteer accepted by the target PD (PSR 11(3)). Loaded through
// the assignment service's API as the officials each profile names.
#ifndef SISKER_DEPLOY_DEMO_DEMO_ASSIGNMENTS_H_
#define SISKER_DEPLOY_DEMO_DEMO_ASSIGNMENTS_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/principal.h"

namespace sisker::demo {

// Loads the demo assignments of `instansi` ("kampar" or "paser"; any other
// has none) after its org data, and prints a summary: counts per state,
// the verification code of a valid letter, an official with a pending
// action. Officials and volunteers act as the subject linked to their
// pegawai, "nip-<NIP>" (as deploy/token.sh links it) where none is, linked
// by the BKPSDM operator `bkpsdm_subject`. Safe to run again: an assignment
// the demo made before (same assignee, owner unit and purpose) is only
// carried on to the state it is meant to show, never made twice.
absl::Status LoadDemoAssignments(const std::string& instansi,
                                 const std::string& bkpsdm_subject,
                                 std::shared_ptr<grpc::Channel> org,
                                 std::shared_ptr<grpc::Channel> assignment,
                                 const common::AssertionSigner& signer);

}  // namespace sisker::demo

#endif  // SISKER_DEPLOY_DEMO_DEMO_ASSIGNMENTS_H_
