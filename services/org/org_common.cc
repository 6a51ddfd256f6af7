// Helpers shared by the org use cases: scope, history/event, reads.
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/change_log.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/event_log.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {

void Org::RecordPersonalDataRead(const Call& call, const std::string& instansi,
                                 const std::vector<std::string>& pegawai_ids,
                                 const char* method, const char* fields) const {
  const absl::Time now = absl::Now();
  for (const auto& id : pegawai_ids) {
    access_log_->Record({instansi, call.principal.subject,
                         call.principal.kind == common::Principal::Kind::kPerson
                             ? "person"
                             : "service",
                         id, fields, method, call.trace_id, now});
  }
}

bool Org::MaySeeAllPegawai(const Call& call, const Scope& scope) const {
  return call.principal.kind == common::Principal::Kind::kService ||
         scope.authority.RequireBkpsdm().ok();
}

Org::Result<v1::ListEventsResponse> Org::ListEvents(
    const Call& call, const v1::ListEventsRequest& r) {
  return Read<v1::ListEventsResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListEventsResponse> {
        return common::ListEvents(tx, call, IsAdmin(call), page_tokens_, r);
      });
}

absl::Status Org::CheckReader(const Call& call,
                              const std::string& instansi_id) const {
  if (!IsAdmin(call) && call.principal.instansi_id != instansi_id) {
    return common::NotFound(InstansiName(instansi_id));
  }
  if (call.principal.kind == common::Principal::Kind::kService &&
      !call.principal.HasScope("org.read")) {
    return common::PermissionDenied("scope org.read", "cakupan org.read");
  }
  return absl::OkStatus();
}

Org::Result<InstansiRow> Org::CachedInstansi(const Call& call,
                                             const std::string& instansi_id) {
  if (auto hit = instansi_cache_.Get(instansi_id, "")) return *std::move(hit);
  const uint64_t generation = instansi_cache_.Generation(instansi_id);
  auto row =
      Read<InstansiRow>(call, [&](common::Tx& tx) -> Result<InstansiRow> {
        auto found = store_.GetInstansi(tx, instansi_id);
        if (!found) return common::NotFound(InstansiName(instansi_id));
        return *std::move(found);
      });
  if (row.ok()) instansi_cache_.Put(instansi_id, "", *row, generation);
  return row;
}

void Org::InvalidateCache(const std::string& instansi) {
  if (instansi.empty()) {
    instansi_cache_.InvalidateAll();
    kedudukan_cache_.InvalidateAll();
    heads_cache_.InvalidateAll();
    return;
  }
  instansi_cache_.Invalidate(instansi);
  kedudukan_cache_.Invalidate(instansi);
  heads_cache_.Invalidate(instansi);
}

void Org::SetCacheEnabled(bool enabled) {
  instansi_cache_.SetEnabled(enabled);
  kedudukan_cache_.SetEnabled(enabled);
  heads_cache_.SetEnabled(enabled);
}

bool Org::IsAdmin(const Call& call) const {
  return IsBootstrapAdmin(call.principal, options_.bootstrap_admins);
}

Org::Result<Org::Scope> Org::LoadScope(common::Tx& tx, const Call& call,
                                       const std::string& instansi_id,
                                       bool write, bool need_authority) const {
  const bool admin = IsAdmin(call);
  // Another instansi's resources answer as absent (ARCHITECTURE.md 4).
  if (!admin && call.principal.instansi_id != instansi_id) {
    return common::NotFound(InstansiName(instansi_id));
  }
  if (call.principal.kind == common::Principal::Kind::kService &&
      !call.principal.HasScope(write ? "org.write" : "org.read")) {
    return common::PermissionDenied(
        write ? "scope org.write" : "scope org.read",
        write ? "cakupan org.write" : "cakupan org.read");
  }
  auto row = store_.GetInstansi(tx, instansi_id);
  if (!row.has_value()) return common::NotFound(InstansiName(instansi_id));
  Scope scope;
  scope.instansi = *std::move(row);
  const std::string& profile_name = scope.instansi.proto.policy_profile();
  scope.profile =
      profiles_->Find(profile_name.substr(profile_name.find('/') + 1));
  if (scope.profile == nullptr) {
    return common::MakeError(
        absl::StatusCode::kFailedPrecondition, "PROFILE_NOT_LOADED",
        absl::StrCat("policy profile ", profile_name, " is not loaded"),
        "Profil kebijakan instansi ini tidak tersedia.");
  }
  scope.today =
      common::TodayIn(scope.instansi.proto.time_zone(), options_.clock());
  std::vector<GrantInForce> grants;
  // Reads need no grants: visibility is the instansi (deny-by-default
  // writes check them).
  if ((write || need_authority) &&
      call.principal.kind == common::Principal::Kind::kPerson &&
      call.principal.instansi_id == instansi_id) {
    grants = store_.GrantsInForce(tx, instansi_id, call.principal.subject,
                                  scope.today);
  }
  scope.authority = Authority(admin, std::move(grants));
  return scope;
}

void Org::Record(common::Tx& tx, const Call& call, const Scope& scope,
                 const char* type, const std::string& name, int64_t version,
                 const char* action, const std::string& reason,
                 const std::string& request_id,
                 const google::protobuf::Message& snapshot) const {
  common::Change change;
  change.instansi_id = scope.instansi.id;
  change.aggregate_type = type;
  change.aggregate_name = name;
  change.aggregate_version = version;
  change.action = action;
  change.reason = reason;
  change.request_id = request_id;
  if (scope.profile != nullptr) {
    change.profile_version = common::ProfileVersionTag(*scope.profile);
  }
  change.snapshot = &snapshot;
  common::RecordChange(tx, "org", call, change);
}

Org::Result<v1::PerangkatDaerah> Org::ReadPd(common::Tx& tx,
                                             const std::string& instansi,
                                             const std::string& pd,
                                             absl::CivilDay day) const {
  auto versions = store_.PdVersions(tx, instansi, pd);
  bool dissolved = false;
  const PdVersion* v = VersionForRead(versions, day, &dissolved);
  if (v == nullptr) return common::NotFound(PdName(instansi, pd));
  return PdToProto(instansi, *v, store_.PdVersionNumber(tx, instansi, pd),
                   dissolved);
}

Org::Result<v1::Unit> Org::ReadUnit(common::Tx& tx, const std::string& instansi,
                                    const std::string& unit,
                                    absl::CivilDay day) const {
  auto versions = store_.UnitVersions(tx, instansi, unit);
  bool dissolved = false;
  const UnitVersion* v = VersionForRead(versions, day, &dissolved);
  if (v == nullptr) return common::NotFound(UnitName(instansi, unit));
  return UnitToProto(instansi, *v, store_.UnitVersionNumber(tx, instansi, unit),
                     dissolved);
}

UnitTimeline Org::LoadTimeline(
    common::Tx& tx, const std::string& instansi, std::vector<std::string> pds,
    const std::vector<std::string>& extra_units) const {
  for (const auto& unit : extra_units) {
    for (const auto& v : store_.UnitVersions(tx, instansi, unit)) {
      pds.push_back(v.pd_id);
    }
  }
  std::sort(pds.begin(), pds.end());
  pds.erase(std::unique(pds.begin(), pds.end()), pds.end());
  return UnitTimeline(store_.UnitVersionsOfPds(tx, instansi, pds));
}

void Org::SaveUnits(common::Tx& tx, const Call& call, const Scope& scope,
                    const UnitTimeline& timeline,
                    const std::vector<std::string>& unit_ids,
                    const char* action, const std::string& reason,
                    const std::string& request_id, absl::CivilDay day) const {
  for (const auto& id : unit_ids) {
    int64_t version =
        store_.SaveUnit(tx, scope.instansi.id, id, timeline.versions());
    bool dissolved = false;
    std::vector<UnitVersion> mine;
    for (const auto& v : timeline.versions()) {
      if (v.unit_id == id) mine.push_back(v);
    }
    const UnitVersion* v = VersionForRead(mine, day, &dissolved);
    if (v == nullptr) continue;
    v1::Unit snapshot = UnitToProto(scope.instansi.id, *v, version, dissolved);
    Record(tx, call, scope, "unit", snapshot.name(), version, action, reason,
           request_id, snapshot);
  }
}

}  // namespace sisker::org
