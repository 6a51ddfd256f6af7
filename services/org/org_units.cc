// Units: the tree inside each PD, effective-dated (create, move, rename,
// dissolve, merge) with the tree rules of structure.h.
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

constexpr common::PageSize kUnitPage{100, 1000};

absl::Status PdNotLive(const std::string& pd, absl::CivilDay day) {
  return common::RuleViolation(
      "PD_NOT_LIVE",
      absl::StrCat(pd, " does not exist on ", common::ToIsoDate(day)),
      absl::StrCat(pd, " tidak aktif pada ", common::ToIsoDate(day), "."));
}

}  // namespace

Org::Result<v1::Unit> Org::CreateUnit(const Call& call,
                                      const v1::CreateUnitRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi.has_value()) errors.Add("parent", "must be instansi/{id}");
  if (!r.unit_id().empty() && !common::IsValidResourceId(r.unit_id())) {
    errors.Add("unit_id", "must match [a-z][a-z0-9-]{2,39}");
  }
  const auto& unit = r.unit();
  CheckDisplayName(unit.display_name(), "unit.display_name", errors);
  if (unit.kind() == v1::Unit::KIND_UNSPECIFIED)
    errors.Add("unit.kind", "required");
  auto pd = ParsePdName(unit.perangkat_daerah());
  if (!pd.has_value() || (instansi && pd->instansi != *instansi)) {
    errors.Add(
        "unit.perangkat_daerah",
        "required: instansi/{i}/perangkatDaerah/{pd} of the parent instansi");
  }
  std::optional<ChildName> parent;
  if (!unit.parent_unit().empty()) {
    parent = ParseUnitName(unit.parent_unit());
    if (!parent.has_value() || (instansi && parent->instansi != *instansi)) {
      errors.Add("unit.parent_unit",
                 "must be instansi/{i}/units/{unit} of the parent instansi");
    }
  }
  CheckOptionalDate(unit.effective_from(), "unit.effective_from", errors);
  CheckReason(r.reason(), false, errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string id =
      r.unit_id().empty() ? common::NewResourceId() : r.unit_id();
  return Mutate<v1::Unit>(
      call, "CreateUnit", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Unit> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        common::FieldErrors kind_errors;
        CheckUnitKind(unit.kind(), *scope.profile, kind_errors);
        RETURN_IF_ERROR(kind_errors.ToStatus());
        RETURN_IF_ERROR(scope.authority.RequireUnitAuthority(pd->id));
        const absl::CivilDay day = DateOr(unit.effective_from(), scope.today);
        auto pd_versions = store_.PdVersions(tx, *instansi, pd->id);
        if (pd_versions.empty())
          return common::NotFound(unit.perangkat_daerah());
        bool pd_live = false;
        for (const auto& v : pd_versions) pd_live = pd_live || v.Covers(day);
        if (!pd_live) return PdNotLive(unit.perangkat_daerah(), day);
        if (parent.has_value() &&
            !store_.UnitExists(tx, *instansi, parent->id)) {
          return common::NotFound(unit.parent_unit());
        }
        if (store_.UnitExists(tx, *instansi, id)) {
          return common::MakeError(absl::StatusCode::kAlreadyExists,
                                   "ALREADY_EXISTS",
                                   UnitName(*instansi, id) + " already exists",
                                   UnitName(*instansi, id) + " sudah ada.",
                                   {{"resource", UnitName(*instansi, id)}});
        }
        std::vector<std::string> extra;
        if (parent.has_value()) extra.push_back(parent->id);
        UnitTimeline timeline = LoadTimeline(tx, *instansi, {pd->id}, extra);
        UnitVersion first;
        first.pd_id = pd->id;
        first.parent_id = parent.has_value() ? parent->id : "";
        first.display_name = unit.display_name();
        first.kind = v1::Unit::Kind_Name(unit.kind());
        timeline.Propose(id, day, first);
        RETURN_IF_ERROR(timeline.Validate(
            day, scope.profile->structure().max_unit_depth()));
        store_.InsertUnitRow(tx, *instansi, id);
        SaveUnits(tx, call, scope, timeline, {id}, "created", r.reason(),
                  r.request_id(), day);
        return ReadUnit(tx, *instansi, id, day);
      });
}

Org::Result<v1::Unit> Org::GetUnit(const Call& call,
                                   const v1::GetUnitRequest& r) {
  common::FieldErrors errors;
  auto name = ParseUnitName(r.name());
  if (!name.has_value())
    errors.Add("name", "must be instansi/{i}/units/{unit}");
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Read<v1::Unit>(call, [&](common::Tx& tx) -> Result<v1::Unit> {
    ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, name->instansi, false));
    return ReadUnit(tx, name->instansi, name->id,
                    DateOr(r.as_of(), scope.today));
  });
}

Org::Result<v1::ListUnitsResponse> Org::ListUnits(
    const Call& call, const v1::ListUnitsRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi.has_value()) errors.Add("parent", "must be instansi/{id}");
  std::optional<ChildName> pd, parent;
  if (!r.perangkat_daerah().empty()) {
    pd = ParsePdName(r.perangkat_daerah());
    if (!pd || (instansi && pd->instansi != *instansi)) {
      errors.Add("perangkat_daerah", "must be a PD of the parent instansi");
    }
  }
  if (!r.parent_unit().empty()) {
    parent = ParseUnitName(r.parent_unit());
    if (!parent || (instansi && parent->instansi != *instansi)) {
      errors.Add("parent_unit", "must be a unit of the parent instansi");
    }
  }
  if (r.top_level_only() && !r.parent_unit().empty()) {
    errors.Add("top_level_only", "cannot be combined with parent_unit");
  }
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(r.page_size(), kUnitPage));
  return Read<v1::ListUnitsResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListUnitsResponse> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, false));
        PgStore::UnitListQuery q;
        q.day = DateOr(r.as_of(), scope.today);
        q.pd_id = pd ? pd->id : "";
        q.parent_id = parent ? parent->id : "";
        q.top_level_only = r.top_level_only();
        q.limit = size + 1;
        const std::string query =
            absl::StrCat("units|", *instansi, "|", common::ToIsoDate(q.day),
                         "|", q.pd_id, "|", q.parent_id, "|", q.top_level_only);
        if (!r.page_token().empty()) {
          ASSIGN_OR_RETURN(q.after_id,
                           page_tokens_.Decode(query, r.page_token()));
        }
        auto versions = store_.ListUnitsAt(tx, *instansi, q);
        v1::ListUnitsResponse response;
        for (int i = 0; i < static_cast<int>(versions.size()) && i < size;
             ++i) {
          const auto& v = versions[i];
          *response.add_units() = UnitToProto(
              *instansi, v, store_.UnitVersionNumber(tx, *instansi, v.unit_id),
              false);
        }
        if (static_cast<int>(versions.size()) > size) {
          response.set_next_page_token(
              page_tokens_.Encode(query, versions[size - 1].unit_id));
        }
        return response;
      });
}

Org::Result<v1::Unit> Org::UpdateUnit(const Call& call,
                                      const v1::UpdateUnitRequest& r) {
  common::FieldErrors errors;
  const auto& unit = r.unit();
  auto name = ParseUnitName(unit.name());
  if (!name.has_value())
    errors.Add("unit.name", "must be instansi/{i}/units/{unit}");
  std::optional<ChildName> new_parent;
  if (r.update_mask().paths().empty()) errors.Add("update_mask", "required");
  for (const auto& path : r.update_mask().paths()) {
    if (path == "display_name") {
      CheckDisplayName(unit.display_name(), "unit.display_name", errors);
    } else if (path == "kind") {
      if (unit.kind() == v1::Unit::KIND_UNSPECIFIED)
        errors.Add("unit.kind", "required");
    } else if (path == "parent_unit") {
      if (!unit.parent_unit().empty()) {
        new_parent = ParseUnitName(unit.parent_unit());
        if (!new_parent || (name && new_parent->instansi != name->instansi)) {
          errors.Add("unit.parent_unit", "must be a unit of the same instansi");
        }
      }
    } else {
      errors.Add("update_mask", "unknown or immutable field " + path);
    }
  }
  CheckDatedChange(r.effective_date(), r.reason(), r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Unit>(
      call, "UpdateUnit", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Unit> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        const std::string full = UnitName(name->instansi, name->id);
        auto versions = store_.UnitVersions(tx, name->instansi, name->id);
        if (versions.empty()) return common::NotFound(full);
        RETURN_IF_ERROR(
            scope.authority.RequireUnitAuthority(versions.back().pd_id));
        RETURN_IF_ERROR(CheckEtag(
            unit.etag(), store_.UnitVersionNumber(tx, name->instansi, name->id),
            full));
        if (new_parent &&
            !store_.UnitExists(tx, name->instansi, new_parent->id)) {
          return common::NotFound(unit.parent_unit());
        }
        const absl::CivilDay day = DateOr(r.effective_date(), scope.today);
        RETURN_IF_ERROR(CheckChangeDate(versions, day, full));
        UnitVersion next = versions.back();
        std::string action = "updated";
        for (const auto& path : r.update_mask().paths()) {
          if (path == "display_name") next.display_name = unit.display_name();
          if (path == "kind") {
            common::FieldErrors kind_errors;
            CheckUnitKind(unit.kind(), *scope.profile, kind_errors);
            RETURN_IF_ERROR(kind_errors.ToStatus());
            next.kind = v1::Unit::Kind_Name(unit.kind());
          }
          if (path == "parent_unit") {
            next.parent_id = new_parent ? new_parent->id : "";
            action = "moved";
          }
        }
        std::vector<std::string> extra = {name->id};
        if (new_parent) extra.push_back(new_parent->id);
        UnitTimeline timeline =
            LoadTimeline(tx, name->instansi, {next.pd_id}, extra);
        timeline.Propose(name->id, day, next);
        RETURN_IF_ERROR(timeline.Validate(
            day, scope.profile->structure().max_unit_depth()));
        SaveUnits(tx, call, scope, timeline, {name->id}, action.c_str(),
                  r.reason(), r.request_id(), day);
        return ReadUnit(tx, name->instansi, name->id, day);
      });
}

Org::Result<v1::Unit> Org::DissolveUnit(const Call& call,
                                        const v1::DissolveUnitRequest& r) {
  common::FieldErrors errors;
  auto name = ParseUnitName(r.name());
  if (!name.has_value())
    errors.Add("name", "must be instansi/{i}/units/{unit}");
  CheckDatedChange(r.effective_date(), r.reason(), r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Unit>(
      call, "DissolveUnit", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Unit> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        const std::string full = UnitName(name->instansi, name->id);
        auto versions = store_.UnitVersions(tx, name->instansi, name->id);
        if (versions.empty()) return common::NotFound(full);
        RETURN_IF_ERROR(
            scope.authority.RequireUnitAuthority(versions.back().pd_id));
        RETURN_IF_ERROR(CheckEtag(
            r.etag(), store_.UnitVersionNumber(tx, name->instansi, name->id),
            full));
        const absl::CivilDay day = DateOr(r.effective_date(), scope.today);
        RETURN_IF_ERROR(CheckChangeDate(versions, day, full));
        UnitTimeline timeline = LoadTimeline(
            tx, name->instansi, {versions.back().pd_id}, {name->id});
        auto children = timeline.ChildrenOnOrAfter(name->id, day);
        if (!children.empty()) {
          return common::RuleViolation(
              "UNIT_HAS_LIVE_CHILDREN",
              absl::StrCat(full, " still has ", children.size(),
                           " child units on or after that date (e.g. ",
                           children.front(), ")"),
              absl::StrCat(
                  full, " masih memiliki ", children.size(),
                  " subunit aktif; bubarkan atau pindahkan lebih dulu."));
        }
        timeline.Propose(name->id, day, std::nullopt);
        SaveUnits(tx, call, scope, timeline, {name->id}, "dissolved",
                  r.reason(), r.request_id(), day);
        return ReadUnit(tx, name->instansi, name->id, day);
      });
}

Org::Result<v1::Unit> Org::MergeUnit(const Call& call,
                                     const v1::MergeUnitRequest& r) {
  common::FieldErrors errors;
  auto name = ParseUnitName(r.name());
  auto target = ParseUnitName(r.target());
  if (!name.has_value())
    errors.Add("name", "must be instansi/{i}/units/{unit}");
  if (!target.has_value())
    errors.Add("target", "must be instansi/{i}/units/{unit}");
  if (name && target && name->instansi != target->instansi) {
    errors.Add("target", "must be in the same instansi");
  }
  CheckDatedChange(r.effective_date(), r.reason(), r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Unit>(
      call, "MergeUnit", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Unit> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        const std::string full = UnitName(name->instansi, name->id);
        auto versions = store_.UnitVersions(tx, name->instansi, name->id);
        if (versions.empty()) return common::NotFound(full);
        if (!store_.UnitExists(tx, name->instansi, target->id)) {
          return common::NotFound(r.target());
        }
        RETURN_IF_ERROR(
            scope.authority.RequireUnitAuthority(versions.back().pd_id));
        RETURN_IF_ERROR(CheckEtag(
            r.etag(), store_.UnitVersionNumber(tx, name->instansi, name->id),
            full));
        const absl::CivilDay day = DateOr(r.effective_date(), scope.today);
        RETURN_IF_ERROR(CheckChangeDate(versions, day, full));
        UnitTimeline timeline =
            LoadTimeline(tx, name->instansi, {versions.back().pd_id},
                         {name->id, target->id});
        const UnitVersion* target_now = timeline.At(target->id, day);
        if (name->id == target->id || target_now == nullptr ||
            target_now->pd_id != versions.back().pd_id ||
            timeline.IsInSubtree(target->id, name->id, day)) {
          return common::RuleViolation(
              "INVALID_MERGE_TARGET",
              "the target must be another live unit of the same PD, outside "
              "the merged unit's subtree",
              "Unit tujuan harus unit lain yang aktif pada Perangkat Daerah "
              "yang sama dan tidak berada di bawah unit yang digabung.");
        }
        std::vector<std::string> touched =
            timeline.ChildrenOnOrAfter(name->id, day);
        for (const auto& child : touched) {
          const UnitVersion* latest = timeline.Latest(child);
          RETURN_IF_ERROR(CheckChangeDate(std::vector<UnitVersion>{*latest},
                                          day,
                                          UnitName(name->instansi, child)));
          UnitVersion next = *latest;
          next.parent_id = target->id;
          timeline.Propose(child, day, next);
        }
        timeline.Propose(name->id, day, std::nullopt, target->id);
        RETURN_IF_ERROR(timeline.Validate(
            day, scope.profile->structure().max_unit_depth()));
        SaveUnits(tx, call, scope, timeline, touched, "moved", r.reason(),
                  r.request_id(), day);
        SaveUnits(tx, call, scope, timeline, {name->id}, "merged", r.reason(),
                  r.request_id(), day);
        return ReadUnit(tx, name->instansi, name->id, day);
      });
}

}  // namespace sisker::org
