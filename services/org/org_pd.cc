// Perangkat Daerah: create, read, list, and restructuring (rename/re-kind,
// dissolve, merge) as new effective-dated versions.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

constexpr common::PageSize kPdPage{50, 500};

absl::Status AlreadyExists(const std::string& name) {
  return common::MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_EXISTS",
                           name + " already exists", name + " sudah ada.",
                           {{"resource", name}});
}

}  // namespace

Org::Result<v1::PerangkatDaerah> Org::CreatePerangkatDaerah(
    const Call& call, const v1::CreatePerangkatDaerahRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi.has_value()) errors.Add("parent", "must be instansi/{id}");
  if (!r.perangkat_daerah_id().empty() &&
      !common::IsValidResourceId(r.perangkat_daerah_id())) {
    errors.Add("perangkat_daerah_id", "must match [a-z][a-z0-9-]{2,39}");
  }
  const auto& pd = r.perangkat_daerah();
  CheckDisplayName(pd.display_name(), "perangkat_daerah.display_name", errors);
  if (pd.kind() == v1::PerangkatDaerah::KIND_UNSPECIFIED) {
    errors.Add("perangkat_daerah.kind", "required");
  }
  CheckPdCode(pd.code(), errors);
  CheckOptionalDate(pd.effective_from(), "perangkat_daerah.effective_from",
                    errors);
  CheckReason(r.reason(), false, errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string id = r.perangkat_daerah_id().empty()
                             ? common::NewResourceId()
                             : r.perangkat_daerah_id();
  return Mutate<v1::PerangkatDaerah>(
      call, "CreatePerangkatDaerah", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::PerangkatDaerah> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        common::FieldErrors kind_errors;
        CheckPdKind(pd.kind(), *scope.profile, kind_errors);
        RETURN_IF_ERROR(kind_errors.ToStatus());
        RETURN_IF_ERROR(scope.authority.RequireBagianOrganisasi());
        if (store_.PdExists(tx, *instansi, id)) {
          return AlreadyExists(PdName(*instansi, id));
        }
        PdVersion first{id,
                        1,
                        DateOr(pd.effective_from(), scope.today),
                        std::nullopt,
                        pd.display_name(),
                        v1::PerangkatDaerah::Kind_Name(pd.kind()),
                        pd.code(),
                        ""};
        store_.InsertPd(tx, *instansi, first);
        v1::PerangkatDaerah created = PdToProto(*instansi, first, 1, false);
        Record(tx, call, scope, "perangkat_daerah", created.name(), 1,
               "created", r.reason(), r.request_id(), created);
        return created;
      });
}

Org::Result<v1::PerangkatDaerah> Org::GetPerangkatDaerah(
    const Call& call, const v1::GetPerangkatDaerahRequest& r) {
  common::FieldErrors errors;
  auto name = ParsePdName(r.name());
  if (!name.has_value())
    errors.Add("name", "must be instansi/{i}/perangkatDaerah/{pd}");
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Read<v1::PerangkatDaerah>(
      call, [&](common::Tx& tx) -> Result<v1::PerangkatDaerah> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, false));
        return ReadPd(tx, name->instansi, name->id,
                      DateOr(r.as_of(), scope.today));
      });
}

Org::Result<v1::ListPerangkatDaerahResponse> Org::ListPerangkatDaerah(
    const Call& call, const v1::ListPerangkatDaerahRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi.has_value()) errors.Add("parent", "must be instansi/{id}");
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(int size, common::EffectivePageSize(r.page_size(), kPdPage));
  return Read<v1::ListPerangkatDaerahResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListPerangkatDaerahResponse> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, false));
        const absl::CivilDay day = DateOr(r.as_of(), scope.today);
        const std::string kind =
            r.kind() == v1::PerangkatDaerah::KIND_UNSPECIFIED
                ? ""
                : v1::PerangkatDaerah::Kind_Name(r.kind());
        const std::string query = absl::StrCat(
            "pd|", *instansi, "|", common::ToIsoDate(day), "|", kind);
        std::string after;
        if (!r.page_token().empty()) {
          ASSIGN_OR_RETURN(after, page_tokens_.Decode(query, r.page_token()));
        }
        auto versions =
            store_.ListPdAt(tx, *instansi, day, after, size + 1, kind);
        v1::ListPerangkatDaerahResponse response;
        for (int i = 0; i < static_cast<int>(versions.size()) && i < size;
             ++i) {
          const auto& v = versions[i];
          *response.add_perangkat_daerah() =
              PdToProto(*instansi, v,
                        store_.PdVersionNumber(tx, *instansi, v.pd_id), false);
        }
        if (static_cast<int>(versions.size()) > size) {
          response.set_next_page_token(
              page_tokens_.Encode(query, versions[size - 1].pd_id));
        }
        return response;
      });
}

Org::Result<v1::PerangkatDaerah> Org::UpdatePerangkatDaerah(
    const Call& call, const v1::UpdatePerangkatDaerahRequest& r) {
  common::FieldErrors errors;
  const auto& pd = r.perangkat_daerah();
  auto name = ParsePdName(pd.name());
  if (!name.has_value()) {
    errors.Add("perangkat_daerah.name",
               "must be instansi/{i}/perangkatDaerah/{pd}");
  }
  if (r.update_mask().paths().empty()) errors.Add("update_mask", "required");
  for (const auto& path : r.update_mask().paths()) {
    if (path == "display_name") {
      CheckDisplayName(pd.display_name(), "perangkat_daerah.display_name",
                       errors);
    } else if (path == "code") {
      CheckPdCode(pd.code(), errors);
    } else if (path == "kind") {
      if (pd.kind() == v1::PerangkatDaerah::KIND_UNSPECIFIED) {
        errors.Add("perangkat_daerah.kind", "required");
      }
    } else {
      errors.Add("update_mask", "unknown or immutable field " + path);
    }
  }
  CheckDatedChange(r.effective_date(), r.reason(), r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::PerangkatDaerah>(
      call, "UpdatePerangkatDaerah", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::PerangkatDaerah> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBagianOrganisasi());
        const std::string full = PdName(name->instansi, name->id);
        auto versions = store_.PdVersions(tx, name->instansi, name->id);
        if (versions.empty()) return common::NotFound(full);
        RETURN_IF_ERROR(CheckEtag(
            pd.etag(), store_.PdVersionNumber(tx, name->instansi, name->id),
            full));
        const absl::CivilDay day = DateOr(r.effective_date(), scope.today);
        RETURN_IF_ERROR(CheckChangeDate(versions, day, full));
        PdVersion next = versions.back();
        for (const auto& path : r.update_mask().paths()) {
          if (path == "display_name") next.display_name = pd.display_name();
          if (path == "code") next.code = pd.code();
          if (path == "kind") {
            common::FieldErrors kind_errors;
            CheckPdKind(pd.kind(), *scope.profile, kind_errors);
            RETURN_IF_ERROR(kind_errors.ToStatus());
            next.kind = v1::PerangkatDaerah::Kind_Name(pd.kind());
          }
        }
        next.seq = versions.back().seq + 1;
        next.from = day;
        int64_t version =
            store_.ChangePd(tx, name->instansi, name->id, day, next, "");
        v1::PerangkatDaerah updated =
            PdToProto(name->instansi, next, version, false);
        Record(tx, call, scope, "perangkat_daerah", full, version, "updated",
               r.reason(), r.request_id(), updated);
        return updated;
      });
}

Org::Result<v1::PerangkatDaerah> Org::DissolvePerangkatDaerah(
    const Call& call, const v1::DissolvePerangkatDaerahRequest& r) {
  common::FieldErrors errors;
  auto name = ParsePdName(r.name());
  if (!name.has_value())
    errors.Add("name", "must be instansi/{i}/perangkatDaerah/{pd}");
  CheckDatedChange(r.effective_date(), r.reason(), r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::PerangkatDaerah>(
      call, "DissolvePerangkatDaerah", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::PerangkatDaerah> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBagianOrganisasi());
        const std::string full = PdName(name->instansi, name->id);
        auto versions = store_.PdVersions(tx, name->instansi, name->id);
        if (versions.empty()) return common::NotFound(full);
        RETURN_IF_ERROR(CheckEtag(
            r.etag(), store_.PdVersionNumber(tx, name->instansi, name->id),
            full));
        const absl::CivilDay day = DateOr(r.effective_date(), scope.today);
        RETURN_IF_ERROR(CheckChangeDate(versions, day, full));
        UnitTimeline timeline =
            LoadTimeline(tx, name->instansi, {name->id}, {});
        auto live = timeline.UnitsOfPdOnOrAfter(name->id, day);
        if (!live.empty()) {
          return common::RuleViolation(
              "PD_HAS_LIVE_UNITS",
              absl::StrCat(full, " still has ", live.size(),
                           " units on or after that date (e.g. ", live.front(),
                           "); dissolve or move them first"),
              absl::StrCat(full, " masih memiliki ", live.size(),
                           " unit aktif; bubarkan atau pindahkan lebih dulu."));
        }
        int64_t version = store_.ChangePd(tx, name->instansi, name->id, day,
                                          std::nullopt, "");
        PdVersion last = versions.back();
        last.to = day;
        v1::PerangkatDaerah dissolved =
            PdToProto(name->instansi, last, version, true);
        Record(tx, call, scope, "perangkat_daerah", full, version, "dissolved",
               r.reason(), r.request_id(), dissolved);
        return dissolved;
      });
}

Org::Result<v1::PerangkatDaerah> Org::MergePerangkatDaerah(
    const Call& call, const v1::MergePerangkatDaerahRequest& r) {
  common::FieldErrors errors;
  auto name = ParsePdName(r.name());
  auto target = ParsePdName(r.target());
  if (!name.has_value())
    errors.Add("name", "must be instansi/{i}/perangkatDaerah/{pd}");
  if (!target.has_value())
    errors.Add("target", "must be instansi/{i}/perangkatDaerah/{pd}");
  if (name && target && name->instansi != target->instansi) {
    errors.Add("target", "must be in the same instansi");
  }
  CheckDatedChange(r.effective_date(), r.reason(), r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::PerangkatDaerah>(
      call, "MergePerangkatDaerah", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::PerangkatDaerah> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBagianOrganisasi());
        const std::string full = PdName(name->instansi, name->id);
        auto versions = store_.PdVersions(tx, name->instansi, name->id);
        if (versions.empty()) return common::NotFound(full);
        auto target_versions =
            store_.PdVersions(tx, name->instansi, target->id);
        if (target_versions.empty()) return common::NotFound(r.target());
        if (name->id == target->id) {
          return common::RuleViolation(
              "MERGE_INTO_ITSELF", "a PD cannot be merged into itself",
              "Perangkat Daerah tidak dapat digabung ke dirinya sendiri.");
        }
        RETURN_IF_ERROR(CheckEtag(
            r.etag(), store_.PdVersionNumber(tx, name->instansi, name->id),
            full));
        const absl::CivilDay day = DateOr(r.effective_date(), scope.today);
        RETURN_IF_ERROR(CheckChangeDate(versions, day, full));
        if (target_versions.back().to.has_value() ||
            target_versions.back().from > day) {
          return common::RuleViolation(
              "TARGET_NOT_LIVE",
              r.target() + " does not exist from that date on",
              r.target() + " tidak aktif sejak tanggal tersebut.");
        }
        UnitTimeline timeline =
            LoadTimeline(tx, name->instansi, {name->id, target->id}, {});
        std::vector<std::string> moved =
            timeline.UnitsOfPdOnOrAfter(name->id, day);
        for (const auto& unit : moved) {
          const UnitVersion* latest = timeline.Latest(unit);
          std::vector<UnitVersion> mine = {*latest};
          RETURN_IF_ERROR(
              CheckChangeDate(mine, day, UnitName(name->instansi, unit)));
          UnitVersion next = *latest;
          next.pd_id = target->id;
          timeline.Propose(unit, day, next);
        }
        RETURN_IF_ERROR(timeline.Validate(
            day, scope.profile->structure().max_unit_depth()));
        SaveUnits(tx, call, scope, timeline, moved, "moved", r.reason(),
                  r.request_id(), day);
        int64_t version = store_.ChangePd(tx, name->instansi, name->id, day,
                                          std::nullopt, target->id);
        PdVersion last = versions.back();
        last.to = day;
        last.successor_id = target->id;
        v1::PerangkatDaerah merged =
            PdToProto(name->instansi, last, version, true);
        Record(tx, call, scope, "perangkat_daerah", full, version, "merged",
               r.reason(), r.request_id(), merged);
        return merged;
      });
}

}  // namespace sisker::org
