// Internal to the demo teams (demo_teams.h): the plan of each kabupaten
// (demo_teams_plans.cc) and the loader that carries each team through the
// teamwork and assignment services to the state it is meant to show
// (demo_teams.cc: the run and its summary; demo_teams_people.cc: who acts;
// demo_teams_steps.cc: the stages; demo_teams_work.cc: the work of a team
// in EXECUTION).
#ifndef SISKER_DEPLOY_DEMO_DEMO_TEAMS_STEPS_H_
#define SISKER_DEPLOY_DEMO_DEMO_TEAMS_STEPS_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "deploy/demo/demo_client.h"
#include "deploy/demo/demo_structure.h"
#include "sisker/v1/assignment.grpc.pb.h"
#include "sisker/v1/teamwork.grpc.pb.h"

namespace sisker::demo::teams {

namespace v1 = ::sisker::v1;

// A pegawai picked from a post of the demo structure: the unit and the
// suffix demo_kedudukan.cc gives the post ("f0", "f1" fungsional, "p"
// pelaksana). No unit: a lead the profile's rule finds (Kampar: a
// fungsional hasil penyetaraan of the owner PD, KMP 4(6)).
struct Seat {
  const char* unit = nullptr;
  const char* suffix = "";
};

// Who acts, resolved from the org structure and the team today.
enum class Who {
  kOwnerUnitHead,  // the Pimpinan Unit of the owner unit
  kOwnerKepalaPd,  // the Kepala PD owning the work
  kAccountable,    // the penanggung jawab (Kampar, KMP 4(6))
};

struct ActivityPlan {
  const char* title;
  Day due;
  v1::Activity::State state = v1::Activity::TODO;
  int progress = 0;
  int owner = 0;  // index into the team's members (the lead left out)
};

struct Obstacle {
  const char* problem;
  const char* recommendations[2];
  bool collaboration = false;  // the members' home heads follow up
  const char* decision = "";   // empty: left OPEN
  int chosen = 0;
};

// What a team in EXECUTION records (members by index, the lead left out):
// reports of members 0 and 1 for October and the lead's, a report request
// to member 2, two obstacles, feedback to member 1, member 0's results, a
// coordination note.
struct Work {
  const char* member_report;
  const char* lead_report;
  const char* request_subject;
  Obstacle open, decided;
  const char* feedback;
  const char* result;
  const char* note_counterpart;
  const char* note_topic;
  const char* note_outcome;
};

struct TeamPlan {
  v1::Team::State stage;  // the state the team is carried to
  const char* owner_unit;
  Who former;
  const char* purpose;
  std::vector<const char*> targets;
  Day start, end;
  Seat lead;
  std::vector<Seat> members;
  const char* competence = "";
  const char* strategy = "";
  std::vector<ActivityPlan> activities;
  const Work* work = nullptr;     // EXECUTION
  const char* results = "";       // EVALUATION, CLOSED
  const char* closing_note = "";  // CLOSED
  const char* cancel_reason = "";
};

// Who acts for the profile at each step.
struct Roles {
  bool accountable = false;  // a penanggung jawab is named (KMP 4(6))
  Who plan_approver, closer, decider, requester;
  bool forward_lead_report = false;  // chained: KMP 6(2) "berjenjang"
};

struct Plan {
  Roles roles;
  std::vector<TeamPlan> teams;
};

// A team as one run meets it.
struct TeamRun {
  const TeamPlan* plan = nullptr;
  int n = 0;
  std::string owner;  // instansi/{i}/units/{u}
  std::string pd;     // instansi/{i}/perangkatDaerah/{p}
  v1::Team team;
};

// demo_teams_plans.cc.
Plan KamparTeams();
Plan PaserTeams();

// A UUID-shaped request id stable for `key` (demo::RequestId of
// "teams/<key>").
std::string RequestId(const std::string& key);

class Loader {
 public:
  Loader(std::string instansi, std::string bkpsdm,
         const DemoStructure& structure, std::shared_ptr<grpc::Channel> org,
         std::shared_ptr<grpc::Channel> assignment,
         std::shared_ptr<grpc::Channel> teamwork,
         const common::AssertionSigner& signer);

  absl::Status Load(const Plan& plan);  // demo_teams.cc

 private:
  template <typename Rpc, typename Request, typename Response>
  absl::Status Assign(const common::Principal& principal, Rpc rpc,
                      const Request& request, Response* response) {
    return client_.Call(*assignment_, "sisker-assignment", principal, rpc,
                        request, response);
  }
  template <typename Rpc, typename Request, typename Response>
  absl::Status Team(const common::Principal& principal, Rpc rpc,
                    const Request& request, Response* response) {
    return client_.Call(*teamwork_, "sisker-teamwork", principal, rpc, request,
                        response);
  }
  std::string Key(const TeamRun& t, const std::string& step) const;

  // demo_teams_people.cc: who acts.
  absl::StatusOr<v1::Post> Post(const std::string& name);
  // The current holders of a post (no Plt/Plh), the latest NIP first: the
  // demo assignments take the first ones.
  absl::StatusOr<std::vector<std::string>> Holders(const std::string& post);
  absl::StatusOr<v1::Person> Official(Who who, const TeamRun& t);
  absl::StatusOr<common::Principal> AsOfficial(Who who, const TeamRun& t);
  absl::StatusOr<std::string> Pick(const Seat& seat);
  // KMP 4(6): a fungsional hasil penyetaraan of the owner PD, else (on
  // "kekosongan") a fungsional keahlian PNS with `fallback_reason` set.
  absl::StatusOr<std::string> PickLead(const TeamPlan& p,
                                       std::string* fallback_reason);
  // The accountable official (Kampar): the Administrator heading the owner
  // unit, else the first Dinas unit headed by one.
  absl::StatusOr<std::string> PickAccountable(const TeamPlan& p);
  std::string PdIdOf(const std::string& unit_id) const;

  // demo_teams_steps.cc: the stages.
  absl::Status Run(int n, const TeamPlan& p, const Roles& roles);
  absl::StatusOr<std::optional<v1::Team>> Find(const common::Principal& former,
                                               const TeamPlan& p,
                                               const std::string& owner);
  absl::Status Advance(TeamRun& t, const Roles& roles);
  // FORMING -> PLANNING: the home heads answer (Paser), the letter is
  // signed, the teamwork service learns it from the assignment events.
  absl::Status Settle(TeamRun& t);
  absl::Status AnswerRequests(TeamRun& t, const v1::TeamAssignment& ta);
  absl::Status SignLetter(TeamRun& t, const v1::TeamAssignment& ta);
  absl::Status WaitFormed(TeamRun& t);
  absl::Status PlanWork(TeamRun& t, const Roles& roles);

  // demo_teams_work.cc: a team in EXECUTION.
  absl::Status DoActivities(TeamRun& t);
  absl::Status DoWork(TeamRun& t, const Roles& roles);
  absl::Status DoReports(TeamRun& t, const Roles& roles, const Work& w);
  absl::Status DoEscalations(TeamRun& t, const Roles& roles, const Work& w);
  absl::Status DoNotes(TeamRun& t, const Work& w);
  static std::vector<std::string> MembersOf(const v1::Team& team);

  std::string instansi_, parent_;
  const DemoStructure& structure_;
  common::Principal reader_;
  DemoClient client_;
  std::unique_ptr<v1::AssignmentService::Stub> assignment_;
  std::unique_ptr<v1::TeamworkService::Stub> teamwork_;
  std::set<std::string> used_;  // pegawai taken
  std::map<std::string, v1::Post> posts_;
  std::map<std::string, std::vector<v1::Team>> teams_of_;  // former -> teams
  int created_ = 0, total_ = 0, skipped_ = 0;
  std::map<int, int> states_;
  std::string execution_team_;  // printed: its dashboard
};

}  // namespace sisker::demo::teams

#endif  // SISKER_DEPLOY_DEMO_DEMO_TEAMS_STEPS_H_
