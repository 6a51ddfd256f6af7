// The org structure against real PostgreSQL through gRPC: effective-dated
// restructuring, the tree rules, refusals that write nothing, tenancy,
// request ids, etags and paging.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/org/org_fixture.h"

namespace sisker::org {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::ViolatedFields;
using Stub = v1::OrgService::Stub;

TEST_F(OrgFixture, RestructuringKeepsHistoryAndAnswersAsOfADate) {
  ASSERT_THAT(CreateUnit("dinkes-sek", dinkes_, ""), IsOk());
  ASSERT_THAT(CreateUnit("dinkes-p2p", dinkes_, ""), IsOk());
  v1::UpdateUnitRequest rename;
  rename.mutable_unit()->set_name(UnitName("dinkes-p2p"));
  rename.mutable_unit()->set_display_name("Bidang Pencegahan Penyakit");
  rename.mutable_update_mask()->add_paths("display_name");
  *rename.mutable_effective_date() = D(2025, 7, 1);
  rename.set_reason("Perbup perubahan SOTK 2025");
  v1::Unit renamed;
  ASSERT_OK(Call(Bagor(), &Stub::UpdateUnit, rename, &renamed));
  EXPECT_EQ(renamed.display_name(), "Bidang Pencegahan Penyakit");
  EXPECT_EQ(renamed.version(), 2);

  v1::GetUnitRequest get;
  get.set_name(UnitName("dinkes-p2p"));
  *get.mutable_as_of() = D(2025, 6, 30);
  v1::Unit before;
  ASSERT_OK(Call(Kampar("pegawai-1"), &Stub::GetUnit, get, &before));
  EXPECT_EQ(before.display_name(), "Unit dinkes-p2p");
  *get.mutable_as_of() = D(2025, 7, 1);
  v1::Unit after;
  ASSERT_OK(Call(Kampar("pegawai-1"), &Stub::GetUnit, get, &after));
  EXPECT_EQ(after.display_name(), "Bidang Pencegahan Penyakit");
  *get.mutable_as_of() = D(2023, 12, 31);
  EXPECT_THAT(Call(Kampar("pegawai-1"), &Stub::GetUnit, get, &after),
              StatusIs(absl::StatusCode::kNotFound));
  // Each change: its history row (who, why) and its event.
  EXPECT_EQ(
      db_->QueryValue("SELECT count(*) FROM org.history WHERE aggregate_id = "
                      "'instansi/kampar/units/dinkes-p2p'"),
      "2");
  EXPECT_EQ(db_->QueryValue(
                "SELECT actor_subject || '|' || reason || '|' || "
                "profile_version FROM org.history WHERE action = 'updated'"),
            "bagor|Perbup perubahan SOTK 2025|kampar-2025@1");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM org.events WHERE type = "
                            "'sisker.org.unit.updated'"),
            "1");
}

TEST_F(OrgFixture, AnUnknownParentOrPdIsNotFoundAndWritesNothing) {
  const std::string before = WrittenRows();
  EXPECT_THAT(CreateUnit("orphan", dinkes_, "no-such-unit"),
              StatusIs(absl::StatusCode::kNotFound, "RESOURCE_NOT_FOUND"));
  EXPECT_THAT(CreateUnit("orphan", "instansi/kampar/perangkatDaerah/nope", ""),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(WrittenRows(), before);
}

TEST_F(OrgFixture, AMoveThatMakesACycleIsRefusedAndWritesNothing) {
  ASSERT_THAT(CreateUnit("a-top", dinkes_, ""), IsOk());
  ASSERT_THAT(CreateUnit("b-mid", dinkes_, "a-top"), IsOk());
  ASSERT_THAT(CreateUnit("c-low", dinkes_, "b-mid"), IsOk());
  const std::string before = WrittenRows();
  v1::UpdateUnitRequest move;
  move.mutable_unit()->set_name(UnitName("a-top"));
  move.mutable_unit()->set_parent_unit(UnitName("c-low"));
  move.mutable_update_mask()->add_paths("parent_unit");
  move.set_reason("reorganisasi");
  v1::Unit out;
  EXPECT_THAT(Call(Bagor(), &Stub::UpdateUnit, move, &out),
              StatusIs(absl::StatusCode::kFailedPrecondition, "UNIT_CYCLE"));
  EXPECT_EQ(WrittenRows(), before);
}

TEST_F(OrgFixture, AParentInAnotherPdIsRefused) {
  ASSERT_THAT(CreateUnit("dinkes-sek", dinkes_, ""), IsOk());
  EXPECT_THAT(
      CreateUnit("disdik-x", disdik_, "dinkes-sek"),
      StatusIs(absl::StatusCode::kFailedPrecondition, "PARENT_IN_OTHER_PD"));
}

TEST_F(OrgFixture, DissolvingAUnitWithLiveChildrenIsRefusedUntilTheyAreGone) {
  ASSERT_THAT(CreateUnit("dinkes-sek", dinkes_, ""), IsOk());
  ASSERT_THAT(CreateUnit("dinkes-sub", dinkes_, "dinkes-sek"), IsOk());
  v1::DissolveUnitRequest dissolve;
  dissolve.set_name(UnitName("dinkes-sek"));
  *dissolve.mutable_effective_date() = D(2025, 1, 1);
  dissolve.set_reason("penyederhanaan birokrasi");
  v1::Unit out;
  const std::string before = WrittenRows();
  EXPECT_THAT(Call(Bagor(), &Stub::DissolveUnit, dissolve, &out),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "UNIT_HAS_LIVE_CHILDREN"));
  EXPECT_EQ(WrittenRows(), before);
  v1::DissolveUnitRequest child = dissolve;
  child.set_name(UnitName("dinkes-sub"));
  ASSERT_OK(Call(Bagor(), &Stub::DissolveUnit, child, &out));
  ASSERT_OK(Call(Bagor(), &Stub::DissolveUnit, dissolve, &out));
  EXPECT_TRUE(out.dissolved());
  EXPECT_EQ(out.effective_to().year(), 2025);
  // A later change to a dissolved unit is refused.
  EXPECT_THAT(
      Call(Bagor(), &Stub::DissolveUnit, dissolve, &out),
      StatusIs(absl::StatusCode::kFailedPrecondition, "ALREADY_DISSOLVED"));
}

TEST_F(OrgFixture, MalformedRequestsNameEveryBadFieldAndWriteNothing) {
  const std::string before = WrittenRows();
  v1::CreateUnitRequest r;
  r.set_parent("instansi/kampar");
  r.set_unit_id("Bad Id");
  r.mutable_unit()->set_perangkat_daerah(dinkes_);
  r.set_request_id("not-a-uuid");
  v1::Unit out;
  absl::Status s = Call(Bagor(), &Stub::CreateUnit, r, &out);
  EXPECT_THAT(s,
              StatusIs(absl::StatusCode::kInvalidArgument, "INVALID_FIELDS"));
  EXPECT_THAT(ViolatedFields(s),
              ::testing::UnorderedElementsAre("unit_id", "unit.display_name",
                                              "unit.kind", "request_id"));
  EXPECT_THAT(common::GetErrorDetails(s)->localized_message,
              ::testing::HasSubstr("tidak valid"));
  EXPECT_EQ(WrittenRows(), before);
}

TEST_F(OrgFixture, ACallerWithoutAGrantIsDeniedAndAPdOperatorStaysInItsPd) {
  const std::string before = WrittenRows();
  EXPECT_THAT(CreateUnit("x-unit", dinkes_, "", D(2024, 1, 1), nullptr),
              IsOk());
  const common::Principal nobody = Kampar("pegawai-biasa");
  const std::string after_ok = WrittenRows();
  EXPECT_THAT(
      CreateUnit("y-unit", dinkes_, "", D(2024, 1, 1), &nobody),
      StatusIs(absl::StatusCode::kPermissionDenied, "MISSING_AUTHORITY"));
  EXPECT_EQ(WrittenRows(), after_ok);
  EXPECT_NE(before, after_ok);
  ASSERT_NO_FATAL_FAILURE(
      Grant("kampar", "op-dinkes", v1::RoleGrant::PD_OPERATOR, dinkes_));
  const common::Principal op = Kampar("op-dinkes");
  EXPECT_THAT(CreateUnit("dinkes-op", dinkes_, "", D(2024, 1, 1), &op), IsOk());
  EXPECT_THAT(CreateUnit("disdik-op", disdik_, "", D(2024, 1, 1), &op),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(OrgFixture, ARepeatedRequestIdGetsTheFirstAnswer) {
  v1::CreatePerangkatDaerahRequest r;
  r.set_parent("instansi/kampar");
  r.mutable_perangkat_daerah()->set_display_name(
      "Badan Riset dan Inovasi Daerah");
  r.mutable_perangkat_daerah()->set_kind(v1::PerangkatDaerah::BADAN);
  r.set_request_id("5f0b8a52-8f0e-4c7e-9a53-0d1d2b3c4e5f");
  v1::PerangkatDaerah first, again;
  ASSERT_OK(Call(Bagor(), &Stub::CreatePerangkatDaerah, r, &first));
  const std::string after_first = WrittenRows();
  ASSERT_OK(Call(Bagor(), &Stub::CreatePerangkatDaerah, r, &again));
  EXPECT_EQ(first.name(), again.name());  // the generated id, not a second PD
  EXPECT_EQ(WrittenRows(), after_first);
  r.mutable_perangkat_daerah()->set_display_name("Badan Lain");
  EXPECT_THAT(Call(Bagor(), &Stub::CreatePerangkatDaerah, r, &again),
              StatusIs(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED"));
  EXPECT_EQ(WrittenRows(), after_first);
}

TEST_F(OrgFixture, AnotherInstansisResourcesAreNotFound) {
  ASSERT_THAT(CreateUnit("dinkes-sek", dinkes_, ""), IsOk());
  const common::Principal paser = sisker::testing::Person("paser", "bagor");
  v1::GetUnitRequest get;
  get.set_name(UnitName("dinkes-sek"));
  v1::Unit unit;
  absl::Status s = Call(paser, &Stub::GetUnit, get, &unit);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kNotFound));
  // Indistinguishable from a unit that does not exist.
  get.set_name(UnitName("no-such-unit"));
  absl::Status absent = Call(Kampar("pegawai-1"), &Stub::GetUnit, get, &unit);
  EXPECT_EQ(common::GetErrorDetails(s)->reason,
            common::GetErrorDetails(absent)->reason);
  // Paser's Bagian Organisasi cannot write into Kampar either.
  EXPECT_THAT(CreateUnit("intruder", dinkes_, "", D(2024, 1, 1), &paser),
              StatusIs(absl::StatusCode::kNotFound));
  v1::ListUnitsRequest list;
  list.set_parent("instansi/kampar");
  v1::ListUnitsResponse units;
  EXPECT_THAT(Call(paser, &Stub::ListUnits, list, &units),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(OrgFixture, AStaleEtagIsAborted) {
  auto unit = CreateUnit("dinkes-sek", dinkes_, "");
  ASSERT_THAT(unit, IsOk());
  v1::UpdateUnitRequest r;
  r.mutable_unit()->set_name(unit->name());
  r.mutable_unit()->set_display_name("Sekretariat Dinas Kesehatan");
  r.mutable_unit()->set_etag(unit->etag());
  r.mutable_update_mask()->add_paths("display_name");
  r.set_reason("ejaan");
  v1::Unit out;
  ASSERT_OK(Call(Bagor(), &Stub::UpdateUnit, r, &out));
  EXPECT_THAT(Call(Bagor(), &Stub::UpdateUnit, r, &out),
              StatusIs(absl::StatusCode::kAborted, "STALE_ETAG"));
}

TEST_F(OrgFixture, MergingAUnitMovesItsChildrenToTheTarget) {
  ASSERT_THAT(CreateUnit("bid-a", dinkes_, ""), IsOk());
  ASSERT_THAT(CreateUnit("bid-b", dinkes_, ""), IsOk());
  ASSERT_THAT(CreateUnit("uptd-a", dinkes_, "bid-a"), IsOk());
  v1::MergeUnitRequest merge;
  merge.set_name(UnitName("bid-a"));
  merge.set_target(UnitName("bid-b"));
  *merge.mutable_effective_date() = D(2025, 3, 1);
  merge.set_reason("penggabungan bidang");
  v1::Unit merged;
  ASSERT_OK(Call(Bagor(), &Stub::MergeUnit, merge, &merged));
  EXPECT_TRUE(merged.dissolved());
  EXPECT_EQ(merged.successor(), UnitName("bid-b"));
  v1::GetUnitRequest get;
  get.set_name(UnitName("uptd-a"));
  *get.mutable_as_of() = D(2025, 3, 1);
  v1::Unit child;
  ASSERT_OK(Call(Bagor(), &Stub::GetUnit, get, &child));
  EXPECT_EQ(child.parent_unit(), UnitName("bid-b"));
  *get.mutable_as_of() = D(2025, 2, 28);
  ASSERT_OK(Call(Bagor(), &Stub::GetUnit, get, &child));
  EXPECT_EQ(child.parent_unit(), UnitName("bid-a"));
  // Merging into its own subtree is refused.
  merge.set_name(UnitName("bid-b"));
  merge.set_target(UnitName("uptd-a"));
  EXPECT_THAT(
      Call(Bagor(), &Stub::MergeUnit, merge, &merged),
      StatusIs(absl::StatusCode::kFailedPrecondition, "INVALID_MERGE_TARGET"));
}

TEST_F(OrgFixture, MergingAPdMovesItsUnitsAndDissolvingAPdNeedsItEmpty) {
  ASSERT_THAT(CreateUnit("disdik-sek", disdik_, ""), IsOk());
  ASSERT_THAT(CreateUnit("disdik-sub", disdik_, "disdik-sek"), IsOk());
  v1::DissolvePerangkatDaerahRequest dissolve;
  dissolve.set_name(disdik_);
  dissolve.set_reason("Perda SOTK baru");
  v1::PerangkatDaerah pd;
  EXPECT_THAT(
      Call(Bagor(), &Stub::DissolvePerangkatDaerah, dissolve, &pd),
      StatusIs(absl::StatusCode::kFailedPrecondition, "PD_HAS_LIVE_UNITS"));
  v1::MergePerangkatDaerahRequest merge;
  merge.set_name(disdik_);
  merge.set_target(dinkes_);
  *merge.mutable_effective_date() = D(2025, 1, 1);
  merge.set_reason("Perda SOTK baru");
  ASSERT_OK(Call(Bagor(), &Stub::MergePerangkatDaerah, merge, &pd));
  EXPECT_TRUE(pd.dissolved());
  EXPECT_EQ(pd.successor(), dinkes_);
  v1::ListUnitsRequest list;
  list.set_parent("instansi/kampar");
  list.set_perangkat_daerah(dinkes_);
  *list.mutable_as_of() = D(2025, 1, 1);
  v1::ListUnitsResponse units;
  ASSERT_OK(Call(Bagor(), &Stub::ListUnits, list, &units));
  EXPECT_EQ(units.units_size(), 2);
  *list.mutable_as_of() = D(2024, 12, 31);
  ASSERT_OK(Call(Bagor(), &Stub::ListUnits, list, &units));
  EXPECT_EQ(units.units_size(), 0);
}

TEST_F(OrgFixture, ListsPageWithSignedTokensBoundToTheQuery) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(CreateUnit(absl::StrCat("unit-", i), dinkes_, ""), IsOk());
  }
  v1::ListUnitsRequest list;
  list.set_parent("instansi/kampar");
  list.set_page_size(2);
  std::vector<std::string> seen;
  v1::ListUnitsResponse page;
  do {
    ASSERT_OK(Call(Bagor(), &Stub::ListUnits, list, &page));
    for (const auto& u : page.units()) seen.push_back(u.name());
    list.set_page_token(page.next_page_token());
  } while (!page.next_page_token().empty());
  EXPECT_EQ(seen.size(), 5u);
  // The last token used with another filter is refused.
  list.set_page_size(2);
  list.set_page_token("");
  ASSERT_OK(Call(Bagor(), &Stub::ListUnits, list, &page));
  list.set_page_token(page.next_page_token());
  list.set_perangkat_daerah(disdik_);
  EXPECT_THAT(Call(Bagor(), &Stub::ListUnits, list, &page),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(OrgFixture, ACallWithoutAPrincipalIsUnauthenticated) {
  grpc::ClientContext ctx;
  v1::ListInstansiRequest r;
  v1::ListInstansiResponse out;
  EXPECT_EQ(stub_->ListInstansi(&ctx, r, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace sisker::org
