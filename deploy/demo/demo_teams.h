// The demo teams (tim kerja, DOMAIN.md 3.3-3.4): in each kabupaten a team
// of the Dinas Kesehatan in every state (DRAFT, FORMING, PLANNING,
// EXECUTION, EVALUATION, CLOSED, CANCELLED). Each is formed through the
// teamwork service by the official the profile names (Kampar: the Kepala
// PD, KMP 4(5), 4(9); Paser: the Pimpinan Unit or the Kepala PD, PSR 8(5),
// 10(1)); its letter is signed in the assignment service by the official
// the team assignment names (in Paser after the home heads have answered
// the involvement requests, PSR 10(2)-(4)). The EXECUTION team carries
// activities, reports, a report request, escalations, feedback, a member
// result and a coordination note.
#ifndef SISKER_DEPLOY_DEMO_DEMO_TEAMS_H_
#define SISKER_DEPLOY_DEMO_DEMO_TEAMS_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/principal.h"
#include "deploy/demo/demo_structure.h"

namespace sisker::demo {

// Loads the demo teams of `instansi` ("kampar" or "paser"; any other has
// none) after its org data and demo assignments, and prints a summary:
// teams per state, an official with pending teamwork actions and an
// EXECUTION team's dashboard. Officials act as the subject linked to their
// pegawai, "nip-<NIP>" (as deploy/token.sh links it) where none is, linked
// by the BKPSDM operator `bkpsdm_subject`. `structure` is the kabupaten's
// demo structure (the Dinas units searched for a lead). Safe to run again:
// a team the demo made before (same former, owner unit and purpose) is only
// carried on to the state it is meant to show, never made twice.
absl::Status LoadDemoTeams(const std::string& instansi,
                           const std::string& bkpsdm_subject,
                           const DemoStructure& structure,
                           std::shared_ptr<grpc::Channel> org,
                           std::shared_ptr<grpc::Channel> assignment,
                           std::shared_ptr<grpc::Channel> teamwork,
                           const common::AssertionSigner& signer);

}  // namespace sisker::demo

#endif  // SISKER_DEPLOY_DEMO_DEMO_TEAMS_H_
