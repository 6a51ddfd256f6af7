// sisker-demo: loads the two demo kabupaten through the org service's
// public API (the same code paths as real writes, with history): the
// bootstrap administrator creates each instansi and grants Bagian
// Organisasi and BKPSDM roles; the Bagian Organisasi operator creates the
// PDs and units; then the demo assignments and letters go through the
// assignment service (demo_assignments.h) and the demo teams through the
// teamwork service (demo_teams.h). Safe to run again: what exists is left
// as it is.
#include <grpcpp/grpcpp.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "common/config.h"
#include "common/grpc_status.h"
#include "common/principal.h"
#include "deploy/demo/demo_assignments.h"
#include "deploy/demo/demo_kedudukan.h"
#include "deploy/demo/demo_structure.h"
#include "deploy/demo/demo_teams.h"
#include "sisker/v1/org.grpc.pb.h"

namespace sisker::demo {
namespace {

namespace v1 = ::sisker::v1;

struct DemoInstansi {
  const char* id;
  const char* display_name;
  const char* time_zone;
  const char* profile;
  const char* file;
  // A PD given no Administrator post (PSR 20(1) in Paser).
  const char* no_administrator_pd;
};

constexpr DemoInstansi kDemo[] = {
    {"kampar", "Pemerintah Kabupaten Kampar", "Asia/Jakarta", "kampar-2025",
     "structure_kampar.txt", "brida"},
    {"paser", "Pemerintah Kabupaten Paser", "Asia/Makassar", "paser-2024",
     "structure_paser.txt", "brida"},
};

class Loader {
 public:
  Loader(std::shared_ptr<grpc::Channel> channel, common::AssertionSigner signer,
         std::string admin)
      : stub_(v1::OrgService::NewStub(channel)),
        signer_(std::move(signer)),
        admin_(std::move(admin)) {}

  // Runs `rpc` as `principal`; ALREADY_EXISTS counts as done.
  template <typename Request, typename Response, typename Rpc>
  absl::Status Call(const common::Principal& principal, Rpc rpc,
                    const Request& request, Response* response, bool* created) {
    grpc::ClientContext context;
    context.AddMetadata(common::kPrincipalMetadata,
                        *signer_.Mint(principal, "sisker-org"));
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    grpc::Status status = (stub_.get()->*rpc)(&context, request, response);
    if (created != nullptr) *created = status.ok();
    if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      return absl::OkStatus();
    return common::FromGrpcStatus(status);
  }

  absl::Status Load(const DemoInstansi& d, const DemoStructure& s) {
    common::Principal admin{"", admin_, common::Principal::Kind::kPerson, {}};
    common::Principal bagor{d.id,
                            absl::StrCat("demo-bagor-", d.id),
                            common::Principal::Kind::kPerson,
                            {}};
    v1::CreateInstansiRequest ci;
    ci.set_instansi_id(d.id);
    ci.mutable_instansi()->set_display_name(d.display_name);
    ci.mutable_instansi()->set_time_zone(d.time_zone);
    ci.mutable_instansi()->set_policy_profile(
        absl::StrCat("policyProfiles/", d.profile));
    v1::Instansi instansi;
    bool fresh = false;
    if (auto st = Call(admin, &v1::OrgService::Stub::CreateInstansi, ci,
                       &instansi, &fresh);
        !st.ok()) {
      return st;
    }
    const std::string parent = absl::StrCat("instansi/", d.id);
    if (fresh) {
      for (auto [role, subject] :
           {std::pair{v1::RoleGrant::BAGIAN_ORGANISASI, bagor.subject},
            std::pair{v1::RoleGrant::BKPSDM_OPERATOR,
                      absl::StrCat("demo-bkpsdm-", d.id)}}) {
        v1::CreateRoleGrantRequest g;
        g.set_parent(parent);
        g.mutable_role_grant()->set_subject(subject);
        g.mutable_role_grant()->set_role(role);
        g.mutable_role_grant()->set_reason("Demo: operator awal");
        g.mutable_role_grant()->mutable_valid_from()->set_year(2024);
        g.mutable_role_grant()->mutable_valid_from()->set_month(1);
        g.mutable_role_grant()->mutable_valid_from()->set_day(1);
        v1::RoleGrant out;
        if (auto st = Call(admin, &v1::OrgService::Stub::CreateRoleGrant, g,
                           &out, nullptr);
            !st.ok()) {
          return st;
        }
      }
    }
    int pds = 0, units = 0;
    for (const auto& pd : s.pds) {
      v1::CreatePerangkatDaerahRequest r;
      r.set_parent(parent);
      r.set_perangkat_daerah_id(pd.id);
      auto* p = r.mutable_perangkat_daerah();
      p->set_display_name(pd.name);
      v1::PerangkatDaerah::Kind kind = v1::PerangkatDaerah::KIND_UNSPECIFIED;
      v1::PerangkatDaerah::Kind_Parse(pd.kind, &kind);
      p->set_kind(kind);
      p->set_code(pd.code);
      *p->mutable_effective_from() = Jan2024();
      r.set_reason("Demo: struktur awal");
      v1::PerangkatDaerah out;
      bool created = false;
      if (auto st = Call(bagor, &v1::OrgService::Stub::CreatePerangkatDaerah, r,
                         &out, &created);
          !st.ok()) {
        return absl::Status(st.code(),
                            absl::StrCat("PD ", pd.id, ": ", st.message()));
      }
      pds += created;
    }
    for (const auto& unit : s.units) {
      v1::CreateUnitRequest r;
      r.set_parent(parent);
      r.set_unit_id(unit.id);
      auto* u = r.mutable_unit();
      u->set_display_name(unit.name);
      v1::Unit::Kind kind = v1::Unit::KIND_UNSPECIFIED;
      v1::Unit::Kind_Parse(unit.kind, &kind);
      u->set_kind(kind);
      u->set_perangkat_daerah(
          absl::StrCat(parent, "/perangkatDaerah/", unit.pd_id));
      if (!unit.parent_id.empty()) {
        u->set_parent_unit(absl::StrCat(parent, "/units/", unit.parent_id));
      }
      *u->mutable_effective_from() = Jan2024();
      r.set_reason("Demo: struktur awal");
      v1::Unit out;
      bool created = false;
      if (auto st =
              Call(bagor, &v1::OrgService::Stub::CreateUnit, r, &out, &created);
          !st.ok()) {
        return absl::Status(st.code(),
                            absl::StrCat("unit ", unit.id, ": ", st.message()));
      }
      units += created;
    }
    std::printf("  %s: %s; %d of %zu PD and %d of %zu units created now\n",
                parent.c_str(), fresh ? "created" : "already there", pds,
                s.pds.size(), units, s.units.size());
    return LoadKedudukan(d, s);
  }

  // Posts (as Bagian Organisasi), then pegawai and placements through the
  // CSV import, the Bupati, a Plt and a delegation (as BKPSDM).
  absl::Status LoadKedudukan(const DemoInstansi& d, const DemoStructure& s) {
    common::Principal bagor{d.id,
                            absl::StrCat("demo-bagor-", d.id),
                            common::Principal::Kind::kPerson,
                            {}};
    common::Principal bkpsdm{d.id,
                             absl::StrCat("demo-bkpsdm-", d.id),
                             common::Principal::Kind::kPerson,
                             {}};
    KedudukanPlan plan = PlanKedudukan(d.id, s, d.no_administrator_pd, 8400);
    int posts = 0;
    for (const auto& r : plan.posts) {
      v1::Post out;
      bool created = false;
      if (auto st =
              Call(bagor, &v1::OrgService::Stub::CreatePost, r, &out, &created);
          !st.ok()) {
        return absl::Status(
            st.code(), absl::StrCat("post ", r.post_id(), ": ", st.message()));
      }
      posts += created;
    }
    int imported = 0, unchanged = 0;
    for (const auto& csv : plan.csv_chunks) {
      v1::ImportPegawaiRequest r;
      r.set_parent(absl::StrCat("instansi/", d.id));
      r.set_csv(csv);
      v1::ImportPegawaiResponse out;
      if (auto st = Call(bkpsdm, &v1::OrgService::Stub::ImportPegawai, r, &out,
                         nullptr);
          !st.ok()) {
        return st;
      }
      if (!out.applied() && out.errors_size() > 0) {
        const auto& e = out.errors(0);
        return absl::FailedPreconditionError(absl::StrCat(
            "import: ", out.errors_size(), " row errors, first at line ",
            e.line(), " ", e.field(), " ", e.code(), ": ", e.message()));
      }
      imported += out.pegawai_created();
      unchanged += out.unchanged();
    }
    if (posts > 0) {
      v1::Official bupati;
      if (auto st = Call(bkpsdm, &v1::OrgService::Stub::CreateOfficial,
                         plan.bupati, &bupati, nullptr);
          !st.ok()) {
        return st;
      }
      for (const auto& r : plan.acting) {
        v1::ActingAppointment out;
        if (auto st =
                Call(bkpsdm, &v1::OrgService::Stub::CreateActingAppointment, r,
                     &out, nullptr);
            !st.ok()) {
          return absl::Status(st.code(),
                              absl::StrCat("acting: ", st.message()));
        }
      }
      for (const auto& r : plan.delegations) {
        v1::Delegation out;
        if (auto st = Call(bkpsdm, &v1::OrgService::Stub::CreateDelegation, r,
                           &out, nullptr);
            !st.ok()) {
          return absl::Status(st.code(),
                              absl::StrCat("delegation: ", st.message()));
        }
      }
    }
    // The demo operators are people too (the gateway admits only known
    // active persons): the first two pegawai of the first PD act as the
    // BKPSDM operator and the Bagian Organisasi operator.
    v1::ListPegawaiRequest first;
    first.set_parent(absl::StrCat("instansi/", d.id));
    first.set_page_size(2);
    v1::ListPegawaiResponse two;
    if (auto st = Call(bkpsdm, &v1::OrgService::Stub::ListPegawai, first, &two,
                       nullptr);
        !st.ok()) {
      return st;
    }
    for (int i = 0; i < two.pegawai_size() && i < 2; ++i) {
      const std::string subject = i == 0 ? bkpsdm.subject : bagor.subject;
      if (two.pegawai(i).subject() == subject) continue;
      v1::UpdatePegawaiRequest link;
      link.mutable_pegawai()->set_name(two.pegawai(i).name());
      link.mutable_pegawai()->set_subject(subject);
      link.mutable_update_mask()->add_paths("subject");
      link.set_reason("Demo: akun operator");
      v1::Pegawai out;
      if (auto st = Call(bkpsdm, &v1::OrgService::Stub::UpdatePegawai, link,
                         &out, nullptr);
          !st.ok()) {
        return absl::Status(st.code(),
                            absl::StrCat("operator link: ", st.message()));
      }
      std::printf("  %s is %s (NIP %s)\n", subject.c_str(), out.name().c_str(),
                  out.nip().c_str());
    }
    std::printf(
        "  instansi/%s: %d of %zu posts created now (%d Administrator posts "
        "vacant); "
        "%d of %d pegawai imported now, %d unchanged\n",
        d.id, posts, plan.posts.size(), plan.vacant_administrator_posts,
        imported, plan.pegawai, unchanged);
    return absl::OkStatus();
  }

 private:
  static google::type::Date Jan2024() {
    google::type::Date d;
    d.set_year(2024);
    d.set_month(1);
    d.set_day(1);
    return d;
  }
  std::unique_ptr<v1::OrgService::Stub> stub_;
  common::AssertionSigner signer_;
  std::string admin_;
};

}  // namespace
}  // namespace sisker::demo

int main(int argc, char** argv) {
  using namespace sisker;  // NOLINT(google-build-using-namespace): main only
  common::Config config;
  config.AddString("org", "127.0.0.1:50051", "org service address");
  config.AddString("assignment", "127.0.0.1:50052",
                   "assignment service address");
  config.AddString("teamwork", "127.0.0.1:50053", "teamwork service address");
  config.AddString("assertion_keys", "", "JWKS file holding the signing key",
                   true);
  config.AddString("kid", "dev-1", "key id to sign assertions with");
  config.AddString("data_dir", "deploy/demo", "directory of structure_*.txt");
  config.AddString("admin_subject", "bootstrap-admin",
                   "a bootstrap administrator");
  common::ParseOrExit(config, argc, const_cast<const char* const*>(argv),
                      "sisker-demo", "0.1.0");
  auto keys = common::LoadKeySet(config.GetString("assertion_keys"));
  const common::JwsKey* key =
      keys.ok() ? keys->Find(config.GetString("kid")) : nullptr;
  if (key == nullptr) {
    std::fprintf(stderr, "sisker-demo: no signing key %s\n",
                 config.GetString("kid").c_str());
    return 1;
  }
  const common::AssertionSigner signer(*key, "sisker-dev");
  auto org = grpc::CreateChannel(config.GetString("org"),
                                 grpc::InsecureChannelCredentials());
  auto assignment = grpc::CreateChannel(config.GetString("assignment"),
                                        grpc::InsecureChannelCredentials());
  auto teamwork = grpc::CreateChannel(config.GetString("teamwork"),
                                      grpc::InsecureChannelCredentials());
  demo::Loader loader(org, signer, config.GetString("admin_subject"));
  for (const auto& d : demo::kDemo) {
    auto structure = demo::ReadDemoStructure(
        absl::StrCat(config.GetString("data_dir"), "/", d.file));
    absl::Status status =
        structure.ok() ? loader.Load(d, *structure) : structure.status();
    if (status.ok()) {
      status = demo::LoadDemoAssignments(
          d.id, absl::StrCat("demo-bkpsdm-", d.id), org, assignment, signer);
    }
    if (status.ok()) {
      status =
          demo::LoadDemoTeams(d.id, absl::StrCat("demo-bkpsdm-", d.id),
                              *structure, org, assignment, teamwork, signer);
    }
    if (!status.ok()) {
      std::fprintf(stderr, "sisker-demo: %s: %s\n", d.id,
                   std::string(status.message()).c_str());
      return 1;
    }
  }
  return 0;
}
