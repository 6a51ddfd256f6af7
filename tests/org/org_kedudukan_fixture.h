// The kedudukan tests' fixture: helpers that create PDs, units, posts,
// pegawai, placements and acting appointments over gRPC, and Build(), a
// small Setda + Dinas structure with its holders and the Bupati.
#ifndef SISKER_TESTS_ORG_ORG_KEDUDUKAN_FIXTURE_H_
#define SISKER_TESTS_ORG_ORG_KEDUDUKAN_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/org/org_fixture.h"

namespace sisker::org {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::ViolatedFields;

class Kedudukan : public OrgFixture {
 public:
  common::Principal Op(const std::string& inst, const std::string& who) {
    return sisker::testing::Person(inst, who);
  }

  void Pd(const std::string& inst, const std::string& id,
          v1::PerangkatDaerah::Kind kind) {
    v1::CreatePerangkatDaerahRequest r;
    r.set_parent("instansi/" + inst);
    r.set_perangkat_daerah_id(id);
    r.mutable_perangkat_daerah()->set_display_name("PD " + id);
    r.mutable_perangkat_daerah()->set_kind(kind);
    *r.mutable_perangkat_daerah()->mutable_effective_from() = D(2024, 1, 1);
    v1::PerangkatDaerah out;
    ASSERT_OK(Call(Op(inst, "bagor"),
                   &v1::OrgService::Stub::CreatePerangkatDaerah, r, &out));
  }
  void Unit(const std::string& inst, const std::string& pd,
            const std::string& id) {
    v1::CreateUnitRequest r;
    r.set_parent("instansi/" + inst);
    r.set_unit_id(id);
    r.mutable_unit()->set_display_name("Unit " + id);
    r.mutable_unit()->set_kind(v1::Unit::BIDANG);
    r.mutable_unit()->set_perangkat_daerah(
        absl::StrCat("instansi/", inst, "/perangkatDaerah/", pd));
    *r.mutable_unit()->mutable_effective_from() = D(2024, 1, 1);
    v1::Unit out;
    ASSERT_OK(
        Call(Op(inst, "bagor"), &v1::OrgService::Stub::CreateUnit, r, &out));
  }
  absl::Status Post(const std::string& inst, const std::string& id,
                    const std::string& unit, v1::Post::Kind kind,
                    const std::string& reports_to,
                    const std::string& jenjang = "", bool head_of_pd = false,
                    bool sekda = false, int formation = 1) {
    v1::CreatePostRequest r;
    r.set_parent("instansi/" + inst);
    r.set_post_id(id);
    auto* p = r.mutable_post();
    p->set_display_name("Jabatan " + id);
    p->set_kind(kind);
    p->set_unit(absl::StrCat("instansi/", inst, "/units/", unit));
    p->set_jenjang(jenjang);
    p->set_formation(formation);
    if (!reports_to.empty())
      p->set_reports_to(absl::StrCat("instansi/", inst, "/posts/", reports_to));
    p->set_head_of_pd(head_of_pd);
    p->set_sekda(sekda);
    *p->mutable_effective_from() = D(2024, 1, 1);
    v1::Post out;
    return Call(Op(inst, "bagor"), &v1::OrgService::Stub::CreatePost, r, &out);
  }
  absl::StatusOr<v1::Pegawai> Pegawai(
      const std::string& inst, const std::string& id, const std::string& nip,
      v1::Pegawai::AsnKind kind = v1::Pegawai::PNS) {
    v1::CreatePegawaiRequest r;
    r.set_parent("instansi/" + inst);
    r.set_pegawai_id(id);
    r.mutable_pegawai()->set_display_name("Pegawai " + id);
    r.mutable_pegawai()->set_nip(nip);
    r.mutable_pegawai()->set_asn_kind(kind);
    v1::Pegawai out;
    RETURN_IF_ERROR(Call(Op(inst, "bkpsdm"),
                         &v1::OrgService::Stub::CreatePegawai, r, &out));
    return out;
  }
  absl::Status Place(const std::string& inst, const std::string& pegawai,
                     const std::string& post,
                     google::type::Date from = D(2024, 1, 1)) {
    v1::CreatePlacementRequest r;
    r.set_parent(absl::StrCat("instansi/", inst, "/pegawai/", pegawai));
    r.mutable_placement()->set_post(
        absl::StrCat("instansi/", inst, "/posts/", post));
    r.mutable_placement()->set_sk_number("SK 821/" + pegawai);
    *r.mutable_placement()->mutable_valid_from() = from;
    v1::Placement out;
    return Call(Op(inst, "bkpsdm"), &v1::OrgService::Stub::CreatePlacement, r,
                &out);
  }
  absl::Status Acting(
      const std::string& inst, const std::string& pegawai,
      const std::string& post, google::type::Date from, google::type::Date to,
      v1::ActingAppointment::Kind kind = v1::ActingAppointment::PLT) {
    v1::CreateActingAppointmentRequest r;
    r.set_parent("instansi/" + inst);
    auto* a = r.mutable_acting_appointment();
    a->set_pegawai(absl::StrCat("instansi/", inst, "/pegawai/", pegawai));
    a->set_post(absl::StrCat("instansi/", inst, "/posts/", post));
    a->set_kind(kind);
    *a->mutable_valid_from() = from;
    *a->mutable_valid_to() = to;
    a->set_surat_perintah("SPRIN 800/1/2025");
    v1::ActingAppointment out;
    return Call(Op(inst, "bkpsdm"),
                &v1::OrgService::Stub::CreateActingAppointment, r, &out);
  }
  absl::StatusOr<v1::Kedudukan> Get(const std::string& inst,
                                    const std::string& pegawai,
                                    google::type::Date as_of = D(2025, 1, 15)) {
    v1::GetKedudukanRequest r;
    r.set_name(
        absl::StrCat("instansi/", inst, "/pegawai/", pegawai, "/kedudukan"));
    *r.mutable_as_of() = as_of;
    v1::Kedudukan out;
    RETURN_IF_ERROR(Call(Op(inst, "pegawai-1"),
                         &v1::OrgService::Stub::GetKedudukan, r, &out));
    return out;
  }

  // Setda with the Sekda; a Dinas with its Kepala (JPT), a Sekretaris
  // (Administrator) > Kasubbag (Pengawas) > staff, and a vacant Kabid
  // (Administrator) > fungsional; the Bupati.
  void Build(const std::string& inst) {
    Pd(inst, "setda", v1::PerangkatDaerah::SEKRETARIAT_DAERAH);
    Pd(inst, "dinas", v1::PerangkatDaerah::DINAS);
    Unit(inst, "setda", "setda-pimpinan");
    Unit(inst, "dinas", "dinas-pimpinan");
    Unit(inst, "dinas", "dinas-sek");
    Unit(inst, "dinas", "dinas-bid");
    ASSERT_OK(Post(inst, "sekda", "setda-pimpinan", v1::Post::JPT_PRATAMA, "",
                   "", true, true));
    ASSERT_OK(Post(inst, "kadis", "dinas-pimpinan", v1::Post::JPT_PRATAMA,
                   "sekda", "", true));
    ASSERT_OK(Post(inst, "sekretaris", "dinas-sek", v1::Post::ADMINISTRATOR,
                   "kadis"));
    ASSERT_OK(
        Post(inst, "kasubbag", "dinas-sek", v1::Post::PENGAWAS, "sekretaris"));
    ASSERT_OK(Post(inst, "staf", "dinas-sek", v1::Post::PELAKSANA, "kasubbag",
                   "", false, false, 2));
    ASSERT_OK(
        Post(inst, "kabid", "dinas-bid", v1::Post::ADMINISTRATOR, "kadis"));
    ASSERT_OK(Post(inst, "analis", "dinas-bid", v1::Post::FUNGSIONAL, "kabid",
                   "AHLI_PERTAMA"));
    ASSERT_OK(Post(inst, "epidemiolog", "dinas-sek", v1::Post::FUNGSIONAL,
                   "kasubbag", "AHLI_MUDA"));
    int n = 1;
    for (const char* who : {"sekda", "kadis", "sekretaris", "kasubbag", "staf",
                            "analis", "epidemiolog"}) {
      ASSERT_THAT(Pegawai(inst, std::string("p-") + who,
                          absl::StrFormat("19750101200001100%d", n++)),
                  IsOk());
      ASSERT_OK(Place(inst, std::string("p-") + who, who));
    }
    v1::CreateOfficialRequest bupati;
    bupati.set_parent("instansi/" + inst);
    bupati.mutable_official()->set_role(v1::Official::BUPATI);
    bupati.mutable_official()->set_display_name("Bupati " + inst);
    *bupati.mutable_official()->mutable_valid_from() = D(2021, 2, 26);
    v1::Official out;
    ASSERT_OK(Call(Op(inst, "bkpsdm"), &v1::OrgService::Stub::CreateOfficial,
                   bupati, &out));
  }
};

}  // namespace sisker::org

#endif  // SISKER_TESTS_ORG_ORG_KEDUDUKAN_FIXTURE_H_
