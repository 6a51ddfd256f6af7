// Names, mapping and field validation for org resources.
#include "services/org/resources.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/idempotency.h"
#include "common/resource_names.h"

namespace sisker::org {
namespace {

std::optional<ChildName> ParseChild(const std::string& name,
                                    const char* collection) {
  auto ids = common::ParseName(name, {"instansi", collection});
  if (!ids.has_value()) return std::nullopt;
  return ChildName{(*ids)[0], (*ids)[1]};
}

bool Listed(const google::protobuf::RepeatedPtrField<std::string>& list,
            const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string InstansiName(const std::string& instansi) {
  return "instansi/" + instansi;
}
std::string PdName(const std::string& instansi, const std::string& pd) {
  return absl::StrCat("instansi/", instansi, "/perangkatDaerah/", pd);
}
std::string UnitName(const std::string& instansi, const std::string& unit) {
  return absl::StrCat("instansi/", instansi, "/units/", unit);
}
std::string GrantName(const std::string& instansi, const std::string& grant) {
  return absl::StrCat("instansi/", instansi, "/roleGrants/", grant);
}

std::string PostName(const std::string& instansi, const std::string& post) {
  return absl::StrCat("instansi/", instansi, "/posts/", post);
}
std::string PegawaiName(const std::string& instansi,
                        const std::string& pegawai) {
  return absl::StrCat("instansi/", instansi, "/pegawai/", pegawai);
}

std::string ExternalParticipantName(const std::string& instansi,
                                    const std::string& id) {
  return absl::StrCat("instansi/", instansi, "/externalParticipants/", id);
}

std::optional<std::string> ParseInstansiName(const std::string& name) {
  auto ids = common::ParseName(name, {"instansi"});
  if (!ids.has_value()) return std::nullopt;
  return (*ids)[0];
}
std::optional<ChildName> ParsePdName(const std::string& name) {
  return ParseChild(name, "perangkatDaerah");
}
std::optional<ChildName> ParseUnitName(const std::string& name) {
  return ParseChild(name, "units");
}
std::optional<ChildName> ParseGrantName(const std::string& name) {
  return ParseChild(name, "roleGrants");
}
std::optional<ChildName> ParsePostName(const std::string& name) {
  return ParseChild(name, "posts");
}
std::optional<ChildName> ParsePegawaiName(const std::string& name) {
  return ParseChild(name, "pegawai");
}

std::optional<ChildName> ParseExternalParticipantName(const std::string& name) {
  return ParseChild(name, "externalParticipants");
}

sisker::v1::PerangkatDaerah PdToProto(const std::string& instansi,
                                      const PdVersion& v, int64_t version,
                                      bool dissolved) {
  sisker::v1::PerangkatDaerah pd;
  pd.set_name(PdName(instansi, v.pd_id));
  pd.set_display_name(v.display_name);
  sisker::v1::PerangkatDaerah::Kind kind =
      sisker::v1::PerangkatDaerah::KIND_UNSPECIFIED;
  if (sisker::v1::PerangkatDaerah::Kind_Parse(v.kind, &kind)) pd.set_kind(kind);
  pd.set_code(v.code);
  *pd.mutable_effective_from() = common::ToProtoDate(v.from);
  if (v.to.has_value()) *pd.mutable_effective_to() = common::ToProtoDate(*v.to);
  pd.set_dissolved(dissolved);
  if (!v.successor_id.empty())
    pd.set_successor(PdName(instansi, v.successor_id));
  pd.set_version(version);
  pd.set_etag(absl::StrCat(version));
  return pd;
}

sisker::v1::Unit UnitToProto(const std::string& instansi, const UnitVersion& v,
                             int64_t version, bool dissolved) {
  sisker::v1::Unit unit;
  unit.set_name(UnitName(instansi, v.unit_id));
  unit.set_display_name(v.display_name);
  sisker::v1::Unit::Kind kind = sisker::v1::Unit::KIND_UNSPECIFIED;
  if (sisker::v1::Unit::Kind_Parse(v.kind, &kind)) unit.set_kind(kind);
  unit.set_perangkat_daerah(PdName(instansi, v.pd_id));
  if (!v.parent_id.empty())
    unit.set_parent_unit(UnitName(instansi, v.parent_id));
  *unit.mutable_effective_from() = common::ToProtoDate(v.from);
  if (v.to.has_value())
    *unit.mutable_effective_to() = common::ToProtoDate(*v.to);
  unit.set_dissolved(dissolved);
  if (!v.successor_id.empty()) {
    unit.set_successor(UnitName(instansi, v.successor_id));
  }
  unit.set_version(version);
  unit.set_etag(absl::StrCat(version));
  return unit;
}

void CheckDisplayName(const std::string& value, const std::string& field,
                      common::FieldErrors& errors) {
  if (value.empty()) {
    errors.Add(field, "required");
    return;
  }
  if (value.size() < 3 || value.size() > 200) {
    errors.Add(field, "must be 3 to 200 bytes");
  } else if (absl::ascii_isspace(static_cast<unsigned char>(value.front())) ||
             absl::ascii_isspace(static_cast<unsigned char>(value.back()))) {
    errors.Add(field, "must not start or end with white space");
  }
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) {
      errors.Add(field, "must not contain control characters");
      break;
    }
  }
}

void CheckReason(const std::string& value, bool required,
                 common::FieldErrors& errors) {
  if (required && value.empty())
    errors.Add("reason", "required for this change");
  if (value.size() > 2000) errors.Add("reason", "must be at most 2000 bytes");
}

void CheckOptionalDate(const google::type::Date& date, const std::string& field,
                       common::FieldErrors& errors) {
  if (common::IsSet(date) && !common::IsValidDate(date)) {
    errors.Add(field, "not a calendar date");
  }
}

void CheckPdKind(sisker::v1::PerangkatDaerah::Kind kind,
                 const sisker::v1::PolicyProfile& profile,
                 common::FieldErrors& errors) {
  if (kind == sisker::v1::PerangkatDaerah::KIND_UNSPECIFIED) {
    errors.Add("perangkat_daerah.kind", "required");
  } else if (!Listed(profile.structure().perangkat_daerah_kinds(),
                     sisker::v1::PerangkatDaerah::Kind_Name(kind))) {
    errors.Add("perangkat_daerah.kind",
               absl::StrCat(sisker::v1::PerangkatDaerah::Kind_Name(kind),
                            " is not a PD kind of this instansi's profile"));
  }
}

void CheckUnitKind(sisker::v1::Unit::Kind kind,
                   const sisker::v1::PolicyProfile& profile,
                   common::FieldErrors& errors) {
  if (kind == sisker::v1::Unit::KIND_UNSPECIFIED) {
    errors.Add("unit.kind", "required");
  } else if (!Listed(profile.structure().unit_kinds(),
                     sisker::v1::Unit::Kind_Name(kind))) {
    errors.Add("unit.kind",
               absl::StrCat(sisker::v1::Unit::Kind_Name(kind),
                            " is not a unit kind of this instansi's profile"));
  }
}

void CheckPdCode(const std::string& code, common::FieldErrors& errors) {
  if (code.empty()) return;
  bool ok = code.size() >= 2 && code.size() <= 20;
  for (char c : code) {
    ok = ok && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!ok) errors.Add("perangkat_daerah.code", "must be 2-20 of A-Z, 0-9, -");
}

void CheckDatedChange(const google::type::Date& effective_date,
                      const std::string& reason, const std::string& request_id,
                      common::FieldErrors& errors) {
  CheckOptionalDate(effective_date, "effective_date", errors);
  CheckReason(reason, true, errors);
  common::ValidateRequestId(request_id, errors);
}

absl::Status CheckEtag(const std::string& etag, int64_t version,
                       const std::string& name) {
  if (!etag.empty() && etag != absl::StrCat(version)) {
    return common::StaleEtag(name);
  }
  return absl::OkStatus();
}

absl::CivilDay DateOr(const google::type::Date& date, absl::CivilDay today) {
  return common::IsSet(date) ? common::ToCivilDay(date) : today;
}

void ValidateOrgProfile(const sisker::v1::PolicyProfile& profile,
                        std::vector<std::string>& problems) {
  const auto& s = profile.structure();
  if (s.perangkat_daerah_kinds().empty()) {
    problems.push_back("structure.perangkat_daerah_kinds: at least one kind");
  }
  for (const auto& kind : s.perangkat_daerah_kinds()) {
    sisker::v1::PerangkatDaerah::Kind k =
        sisker::v1::PerangkatDaerah::KIND_UNSPECIFIED;
    if (!sisker::v1::PerangkatDaerah::Kind_Parse(kind, &k) ||
        k == sisker::v1::PerangkatDaerah::KIND_UNSPECIFIED) {
      problems.push_back("structure.perangkat_daerah_kinds: unknown kind " +
                         kind);
    }
  }
  if (s.unit_kinds().empty())
    problems.push_back("structure.unit_kinds: at least one kind");
  for (const auto& kind : s.unit_kinds()) {
    sisker::v1::Unit::Kind k = sisker::v1::Unit::KIND_UNSPECIFIED;
    if (!sisker::v1::Unit::Kind_Parse(kind, &k) ||
        k == sisker::v1::Unit::KIND_UNSPECIFIED) {
      problems.push_back("structure.unit_kinds: unknown kind " + kind);
    }
  }
  if (s.max_unit_depth() < 1 || s.max_unit_depth() > 10) {
    problems.push_back("structure.max_unit_depth: must be 1 to 10");
  }
  if (s.source().empty()) problems.push_back("structure.source: required");

  // Kedudukan: every class of PERFORMANCE.md 5 has a row with a known level.
  const auto& k = profile.kedudukan();
  static const char* const kClasses[] = {
      "ADMINISTRATOR", "PENGAWAS",  "PELAKSANA",    "AHLI_UTAMA",
      "AHLI_MADYA",    "AHLI_MUDA", "AHLI_PERTAMA", "KETERAMPILAN"};
  for (const char* c : kClasses) {
    int rows = 0;
    for (const auto& row : k.assessor_minimums()) {
      if (row.assessed_class() != c) continue;
      ++rows;
      if (row.minimum_level() != "PENGAWAS" &&
          row.minimum_level() != "ADMINISTRATOR" &&
          row.minimum_level() != "JPT_PRATAMA") {
        problems.push_back(absl::StrCat("kedudukan.assessor_minimums[", c,
                                        "].minimum_level: unknown level ",
                                        row.minimum_level()));
      }
    }
    if (rows != 1) {
      problems.push_back(absl::StrCat(
          "kedudukan.assessor_minimums: needs exactly one row for ", c));
    }
  }
  for (const auto& row : k.acting_eligibility()) {
    for (const auto& kind : row.post_kinds()) {
      if (kind != "PENGAWAS" && kind != "ADMINISTRATOR" &&
          kind != "JPT_PRATAMA") {
        problems.push_back(absl::StrCat(
            "kedudukan.acting_eligibility.post_kinds: unknown kind ", kind));
      }
    }
    if (row.source().empty()) {
      problems.push_back("kedudukan.acting_eligibility.source: required");
    }
  }
  if (k.acting_max_months() < 1) {
    problems.push_back("kedudukan.acting_max_months: must be 1 or more");
  }
  if (k.vacant_administrator_article().empty() ||
      k.no_administrator_article().empty()) {
    problems.push_back(
        "kedudukan.vacant_administrator_article / no_administrator_article: "
        "required");
  }
}

}  // namespace sisker::org
