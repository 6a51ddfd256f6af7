// The demo assignments: the scenarios of each kabupaten
// (demo_assignments_plans.cc), each driven through the assignment service by
// the officials the profile names (resolved from the org structure: the
// assignee's PPK and superior, the heads of the units and PDs, the Sekda, a
// signing delegate) to the state it is meant to show.
#include "deploy/demo/demo_assignments.h"

#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "deploy/demo/demo_assignments_plans.h"
#include "deploy/demo/demo_client.h"
#include "sisker/v1/assignment.grpc.pb.h"

namespace sisker::demo {
namespace assignments {
namespace {

using Kind = common::Principal::Kind;

// Where deploy/up.sh serves the gateway (for the printed hints).
constexpr char kGateway[] = "http://127.0.0.1:8080";

class Loader {
 public:
  Loader(std::string instansi, std::string bkpsdm,
         std::shared_ptr<grpc::Channel> org,
         std::shared_ptr<grpc::Channel> assignment,
         const common::AssertionSigner& signer)
      : instansi_(std::move(instansi)),
        parent_("instansi/" + instansi_),
        reader_{instansi_, "sisker-demo", Kind::kService, {"assignment.read"}},
        client_(instansi_, std::move(bkpsdm), std::move(org), signer,
                "Demo: akun pejabat dan pegawai penugasan"),
        assignment_(v1::AssignmentService::NewStub(assignment)) {}

  absl::Status Load(const Plan& plan);

 private:
  template <typename Rpc, typename Request, typename Response>
  absl::Status Assign(const common::Principal& principal, Rpc rpc,
                      const Request& request, Response* response) {
    return client_.Call(*assignment_, "sisker-assignment", principal, rpc,
                        request, response);
  }

  absl::StatusOr<std::string> PickAssignee(const std::string& unit);
  absl::StatusOr<v1::Person> Resolve(Who who, const std::string& assignee,
                                     const std::string& owner_unit);
  absl::Status EnsureDelegation(const Plan& plan);
  absl::StatusOr<std::optional<v1::Assignment>> Find(
      const std::string& assignee, const Scenario& s);
  absl::StatusOr<v1::Assignment> Read(const std::string& name);
  absl::StatusOr<v1::Letter> Letter(const std::string& name);
  // Creates (or finds) the assignment and carries it through its steps.
  absl::Status Run(int n, const Scenario& s);
  absl::Status Do(const std::string& key, const Step& step, const Scenario& s,
                  const v1::Assignment& a);
  absl::Status Tally(const Scenario& s, const v1::Assignment& a);

  std::string instansi_, parent_;
  common::Principal reader_;
  DemoClient client_;
  std::unique_ptr<v1::AssignmentService::Stub> assignment_;
  std::set<std::string> used_;  // assignees taken
  v1::Person delegate_;
  int created_ = 0, total_ = 0, skipped_ = 0;
  std::map<std::string, int> states_, letters_;
  std::string showcase_, inbox_;
};

absl::StatusOr<std::string> Loader::PickAssignee(const std::string& unit) {
  for (const char* suffix : {"f0", "f1", "p"}) {
    ASSIGN_OR_RETURN(std::vector<std::string> holders,
                     client_.Holders(absl::StrCat(parent_, "/posts/",
                                                  PostId(unit, suffix))));
    for (const auto& p : holders) {  // the same pick every run
      if (used_.insert(p).second) return p;
    }
  }
  return absl::FailedPreconditionError(
      absl::StrCat("no pegawai left to assign in ", unit));
}

absl::StatusOr<v1::Person> Loader::Resolve(Who who, const std::string& assignee,
                                           const std::string& owner_unit) {
  if (who == Who::kDelegate) return delegate_;
  if (who == Who::kOwnerUnitHead || who == Who::kSekda) {
    ASSIGN_OR_RETURN(v1::Heads h, client_.Heads(owner_unit));
    return who == Who::kSekda ? h.sekda() : h.head();
  }
  if (who == Who::kOwnerKepalaPd) {
    ASSIGN_OR_RETURN(std::string pd, client_.PdOf(owner_unit));
    ASSIGN_OR_RETURN(v1::Heads h, client_.Heads(pd));
    return h.head();
  }
  ASSIGN_OR_RETURN(v1::Kedudukan k, client_.KedudukanOf(assignee));
  v1::Person person;
  switch (who) {
    case Who::kPpk:
      return k.assessor().person();
    case Who::kDirectSuperior:
      return k.direct_superior();
    case Who::kHomeUnitHead:
    case Who::kHomeKepalaPd: {
      ASSIGN_OR_RETURN(v1::Heads h, client_.Heads(who == Who::kHomeUnitHead
                                                      ? k.unit()
                                                      : k.perangkat_daerah()));
      return h.head();
    }
    default:
      person.set_person(assignee);
      person.set_display_name(k.display_name());
      person.set_post_display_name(k.post_display_name());
      return person;
  }
}

absl::Status Loader::EnsureDelegation(const Plan& plan) {
  for (const char* id : plan.delegate_units) {
    ASSIGN_OR_RETURN(v1::Heads unit,
                     client_.Heads(absl::StrCat(parent_, "/units/", id)));
    if (!unit.vacant() && unit.head().acting().empty()) {
      delegate_ = unit.head();
      break;
    }
  }
  if (delegate_.person().empty()) return absl::OkStatus();  // none: skipped
  ASSIGN_OR_RETURN(v1::Heads pd,
                   client_.Heads(absl::StrCat(parent_, "/perangkatDaerah/",
                                              plan.delegating_pd)));
  ASSIGN_OR_RETURN(v1::Kedudukan k, client_.KedudukanOf(delegate_.person()));
  for (const auto& held : k.signing_authorities()) {
    if (held.delegating_post() == pd.head().post()) return absl::OkStatus();
  }
  // UU 30/2014 Pasal 14 (mandat): letters read "a.n." the Kepala PD.
  v1::CreateDelegationRequest r;
  r.set_parent(parent_);
  r.set_request_id(RequestId(instansi_ + "-delegation"));
  auto* d = r.mutable_delegation();
  d->set_kind(v1::Delegation::SIGNING);
  d->set_delegate(delegate_.person());
  d->set_delegating_post(pd.head().post());
  d->set_signing_mode(v1::Delegation::ATAS_NAMA);
  *d->mutable_valid_from() = ToDate({2025, 1, 2});
  d->set_legal_basis(absl::StrCat(
      "Keputusan ", pd.head().post_display_name(),
      " Nomor 800.1.3/17/2025 tentang Pelimpahan Wewenang Penandatanganan "
      "Surat Perintah Penugasan (demo)"));
  v1::Delegation out;
  return client_.Org(&v1::OrgService::Stub::CreateDelegation, r, &out);
}

absl::StatusOr<std::optional<v1::Assignment>> Loader::Find(
    const std::string& assignee, const Scenario& s) {
  v1::ListAssignmentsRequest r;
  r.set_parent(parent_);
  r.set_assignee(assignee);
  r.set_page_size(500);
  v1::ListAssignmentsResponse out;
  RETURN_IF_ERROR(
      Assign(reader_, &v1::AssignmentService::Stub::ListAssignments, r, &out));
  for (const auto& a : out.assignments()) {
    if (a.purpose() == s.purpose &&
        a.owner_unit() == absl::StrCat(parent_, "/units/", s.owner_unit)) {
      return a;
    }
  }
  return std::nullopt;
}

absl::StatusOr<v1::Assignment> Loader::Read(const std::string& name) {
  v1::GetAssignmentRequest r;
  r.set_name(name);
  v1::Assignment out;
  RETURN_IF_ERROR(
      Assign(reader_, &v1::AssignmentService::Stub::GetAssignment, r, &out));
  return out;
}

absl::StatusOr<v1::Letter> Loader::Letter(const std::string& name) {
  v1::GetLetterRequest r;
  r.set_name(name);
  v1::Letter out;
  RETURN_IF_ERROR(
      Assign(reader_, &v1::AssignmentService::Stub::GetLetter, r, &out));
  return out;
}

absl::Status Loader::Do(const std::string& key, const Step& step,
                        const Scenario& s, const v1::Assignment& a) {
  using Stub = v1::AssignmentService::Stub;
  ASSIGN_OR_RETURN(v1::Person who,
                   Resolve(step.who, a.assignee(), a.owner_unit()));
  if (who.person().empty()) {
    return absl::FailedPreconditionError("the official of a step is vacant");
  }
  ASSIGN_OR_RETURN(common::Principal as, client_.As(who.person()));
  switch (step.op) {
    case Op::kApprove:
    case Op::kAccept:
    case Op::kRefuse: {
      v1::AnswerInvolvementRequestRequest r;
      r.set_name(step.op == Op::kAccept ? a.acceptance_request()
                                        : a.involvement_request());
      r.set_approve(step.op != Op::kRefuse);
      r.set_reason(step.reason);
      r.set_request_id(RequestId(key));
      v1::InvolvementRequest out;
      return Assign(as, &Stub::AnswerInvolvementRequest, r, &out);
    }
    case Op::kSign: {
      v1::SignAssignmentLetterRequest r;
      r.set_name(a.name());
      r.set_request_id(RequestId(key));
      v1::Letter out;
      return Assign(as, &Stub::SignAssignmentLetter, r, &out);
    }
    case Op::kCancel: {
      v1::CancelLetterRequest r;
      r.set_name(a.letter());
      r.set_reason(step.reason);
      r.set_request_id(RequestId(key));
      v1::Letter out;
      return Assign(as, &Stub::CancelLetter, r, &out);
    }
    case Op::kSupersede: {
      v1::SupersedeLetterRequest r;
      r.set_name(a.letter());
      *r.mutable_end_date() = ToDate(s.corrected_end);
      r.set_reason(step.reason);
      r.set_request_id(RequestId(key));
      v1::Letter out;
      return Assign(as, &Stub::SupersedeLetter, r, &out);
    }
  }
  return absl::OkStatus();
}

absl::Status Loader::Run(int n, const Scenario& s) {
  const std::string owner = absl::StrCat(parent_, "/units/", s.owner_unit);
  const std::string home = absl::StrCat(parent_, "/units/", s.home_unit);
  // A vacant head (or a Plt in it) would change who acts: skip the case.
  std::string vacant;
  for (const auto& unit : {owner, home}) {
    ASSIGN_OR_RETURN(v1::Heads h, client_.Heads(unit));
    if (h.vacant() || !h.head().acting().empty()) vacant = "head of " + unit;
  }
  for (const Step& step : s.steps) {
    if (step.who == Who::kDelegate && delegate_.person().empty())
      vacant = "signing delegate";
  }
  if (!vacant.empty()) {
    ++skipped_;
    std::printf("  %s: skipped \"%s\": no %s\n", parent_.c_str(), s.purpose,
                vacant.c_str());
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(std::string assignee, PickAssignee(s.home_unit));
  ASSIGN_OR_RETURN(std::optional<v1::Assignment> found, Find(assignee, s));
  v1::Assignment a;
  if (found) {
    a = *std::move(found);
  } else {
    v1::CreateAssignmentRequest r;
    r.set_parent(parent_);
    r.set_request_id(RequestId(absl::StrCat(instansi_, "-", n, "-create")));
    auto* in = r.mutable_assignment();
    in->set_assignee(assignee);
    in->set_owner_unit(owner);
    in->set_method(s.method);
    in->set_purpose(s.purpose);
    for (const char* t : s.targets) in->add_expected_targets(t);
    in->set_competence_needed(s.competence);
    *in->mutable_start_date() = ToDate(s.start);
    *in->mutable_end_date() = ToDate(s.end);
    in->set_other_arrangements(s.other);
    ASSIGN_OR_RETURN(v1::Person creator, Resolve(s.creator, assignee, owner));
    ASSIGN_OR_RETURN(common::Principal as, client_.As(creator.person()));
    RETURN_IF_ERROR(
        Assign(as, &v1::AssignmentService::Stub::CreateAssignment, r, &a));
    ++created_;
  }
  // Each step runs only where the assignment still stands before it.
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const Step& step = s.steps[i];
    const bool pending = a.state() == v1::Assignment::PENDING_APPROVAL;
    bool due = false;
    switch (step.op) {
      case Op::kApprove:
      case Op::kRefuse:
        due = pending && a.acceptance_request().empty();
        break;
      case Op::kAccept:
        due = pending && !a.acceptance_request().empty();
        break;
      case Op::kSign:
        due = a.state() == v1::Assignment::AWAITING_LETTER;
        break;
      case Op::kCancel:
        due = a.state() == v1::Assignment::ACTIVE;
        break;
      case Op::kSupersede: {
        if (a.state() != v1::Assignment::ACTIVE) break;
        ASSIGN_OR_RETURN(v1::Letter letter, Letter(a.letter()));
        due = letter.supersedes().empty();
        break;
      }
    }
    if (!due) continue;
    RETURN_IF_ERROR(Do(absl::StrCat(instansi_, "-", n, "-", i), step, s, a));
    ASSIGN_OR_RETURN(a, Read(a.name()));
  }
  return Tally(s, a);
}

absl::Status Loader::Tally(const Scenario& s, const v1::Assignment& a) {
  ++total_;
  ++states_[v1::Assignment::State_Name(a.state())];
  for (std::string name = a.letter(); !name.empty();) {
    ASSIGN_OR_RETURN(v1::Letter letter, Letter(name));
    ++letters_[v1::Letter::State_Name(letter.state())];
    if (s.showcase && letter.state() == v1::Letter::VALID) {
      const std::string signer =
          letter.on_behalf_of_post().empty()
              ? letter.signer_post_display_name()
              : absl::StrCat(letter.signer_capacity(), " ",
                             letter.on_behalf_of_post());
      showcase_ = absl::StrCat(
          "    verify letter ", letter.number(), " (", signer, "): curl '",
          kGateway, "/v1/letters:verify?code=", letter.verification_code(),
          "'\n");
    }
    name = letter.supersedes();
  }
  if (s.inbox != Who::kNone && a.state() == v1::Assignment::PENDING_APPROVAL &&
      inbox_.empty()) {
    ASSIGN_OR_RETURN(v1::Person who,
                     Resolve(s.inbox, a.assignee(), a.owner_unit()));
    RETURN_IF_ERROR(client_.As(who.person()).status());
    inbox_ =
        absl::StrCat("    pending actions of ", who.display_name(), ", ",
                     who.post_display_name(), ": TOKEN=$(./deploy/token.sh ",
                     client_.NipOf(who.person()),
                     "); curl -H \"Authorization: Bearer $TOKEN\" ", kGateway,
                     "/v1/", parent_, "/pendingActions\n");
  }
  return absl::OkStatus();
}

absl::Status Loader::Load(const Plan& plan) {
  if (auto st = EnsureDelegation(plan); !st.ok()) {
    return absl::Status(st.code(),
                        absl::StrCat("signing delegation: ", st.message()));
  }
  for (size_t i = 0; i < plan.scenarios.size(); ++i) {
    const Scenario& s = plan.scenarios[i];
    if (auto st = Run(static_cast<int>(i + 1), s); !st.ok()) {
      return absl::Status(st.code(), absl::StrCat("assignment \"", s.purpose,
                                                  "\": ", st.message()));
    }
  }
  auto join = [](const std::map<std::string, int>& counts) {
    std::string out;
    for (const auto& [state, count] : counts)
      absl::StrAppend(&out, out.empty() ? "" : ", ", state, " ", count);
    return out;
  };
  const std::string skipped =
      skipped_ > 0 ? absl::StrCat(", ", skipped_, " skipped") : "";
  std::printf("  %s: %d demo assignments (%d created now%s): %s; letters: %s\n",
              parent_.c_str(), total_, created_, skipped.c_str(),
              join(states_).c_str(), join(letters_).c_str());
  std::printf("%s%s", showcase_.c_str(), inbox_.c_str());
  return absl::OkStatus();
}

}  // namespace
}  // namespace assignments

absl::Status LoadDemoAssignments(const std::string& instansi,
                                 const std::string& bkpsdm_subject,
                                 std::shared_ptr<grpc::Channel> org,
                                 std::shared_ptr<grpc::Channel> assignment,
                                 const common::AssertionSigner& signer) {
  std::optional<assignments::Plan> plan;
  if (instansi == "kampar") plan = assignments::KamparPlan();
  if (instansi == "paser") plan = assignments::PaserPlan();
  if (!plan) return absl::OkStatus();
  assignments::Loader loader(instansi, bkpsdm_subject, std::move(org),
                             std::move(assignment), signer);
  return loader.Load(*plan);
}

}  // namespace sisker::demo
