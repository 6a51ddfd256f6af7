// Acting officials (Plt/Plh), delegations and officials (DOMAIN.md 3.1;
// PSR 20(3); SE Kepala BKN 1/SE/I/2021; UU 30/2014 Pasal 14(7)).
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

// A date range check shared by dated requests: `to` after `from` if set.
void CheckRange(const google::type::Date& from, const google::type::Date& to,
                const std::string& prefix, common::FieldErrors& errors) {
  CheckOptionalDate(from, prefix + "valid_from", errors);
  CheckOptionalDate(to, prefix + "valid_to", errors);
  if (common::IsSet(from) && common::IsSet(to) && common::IsValidDate(from) &&
      common::IsValidDate(to) &&
      common::ToCivilDay(to) <= common::ToCivilDay(from)) {
    errors.Add(prefix + "valid_to", "must be after valid_from");
  }
}

}  // namespace

Org::Result<v1::ActingAppointment> Org::CreateActingAppointment(
    const Call& call, const v1::CreateActingAppointmentRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  const v1::ActingAppointment& a = r.acting_appointment();
  auto pegawai = ParsePegawaiName(a.pegawai());
  auto post = ParsePostName(a.post());
  if (!pegawai || (instansi && pegawai->instansi != *instansi)) {
    errors.Add("acting_appointment.pegawai",
               "required: a pegawai of the parent instansi");
  }
  if (!post || (instansi && post->instansi != *instansi)) {
    errors.Add("acting_appointment.post",
               "required: a post of the parent instansi");
  }
  if (a.kind() == v1::ActingAppointment::KIND_UNSPECIFIED) {
    errors.Add("acting_appointment.kind", "required: PLT or PLH");
  }
  if (!common::IsSet(a.valid_to()))
    errors.Add("acting_appointment.valid_to", "required");
  CheckRange(a.valid_from(), a.valid_to(), "acting_appointment.", errors);
  if (a.surat_perintah().empty()) {
    errors.Add("acting_appointment.surat_perintah",
               "the surat perintah is required");
  }
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::ActingAppointment>(
      call, "CreateActingAppointment", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::ActingAppointment> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        const auto& rules = scope.profile->kedudukan();
        const absl::CivilDay from = DateOr(a.valid_from(), scope.today);
        const absl::CivilDay to = common::ToCivilDay(a.valid_to());
        if (!kedudukan_.GetPegawai(tx, *instansi, pegawai->id))
          return common::NotFound(a.pegawai());
        auto target = kedudukan_.GetPost(tx, *instansi, post->id, from);
        if (!target) return common::NotFound(a.post());
        const char* post_kind = PostKindName(target->at.kind);
        if (target->at.kind == PostKind::kFungsional ||
            target->at.kind == PostKind::kPelaksana) {
          return common::RuleViolation(
              "ACTING_POST_NOT_STRUCTURAL",
              "Plt/Plh are appointed to structural posts only",
              "Plt/Plh hanya untuk jabatan struktural.", "PSR 20(3)");
        }
        // The acting pegawai's own class, from their placement on the start
        // day.
        auto own = kedudukan_.PlacementOn(tx, *instansi, pegawai->id, from);
        if (!own) {
          return common::RuleViolation(
              "NOT_PLACED", "the acting pegawai holds no post then",
              "Pegawai yang ditunjuk tidak menduduki jabatan.");
        }
        auto own_post = kedudukan_.GetPost(tx, *instansi, own->post_id, from);
        const std::string holder_class = AssessedClass(own_post->at);
        const v1::ActingEligibility* allowed = nullptr;
        for (const auto& row : rules.acting_eligibility()) {
          if (row.holder_class() != holder_class) continue;
          for (const auto& kind : row.post_kinds()) {
            if (kind == post_kind) allowed = &row;
          }
        }
        if (allowed == nullptr) {
          return common::RuleViolation(
              "ACTING_NOT_ELIGIBLE",
              absl::StrCat("a ", holder_class, " may not act in a ", post_kind,
                           " post under this profile's eligibility table"),
              absl::StrCat("Pejabat ", holder_class,
                           " tidak dapat ditunjuk sebagai Plt/Plh jabatan ",
                           post_kind,
                           " menurut tabel kelayakan profil kebijakan."),
              "profil kebijakan: kedudukan.acting_eligibility");
        }
        // SE Kepala BKN 1/SE/I/2021: at most N months, extendable M times.
        if (to >
            absl::CivilDay(absl::CivilMonth(from) + rules.acting_max_months()) +
                (from.day() - 1)) {
          return common::RuleViolation(
              "ACTING_TOO_LONG",
              absl::StrCat("an acting appointment lasts at most ",
                           rules.acting_max_months(),
                           " months; extend it with a new one"),
              absl::StrCat("Penunjukan Plt/Plh paling lama ",
                           rules.acting_max_months(), " bulan."),
              "profil kebijakan: kedudukan.acting_max_months");
        }
        if (a.kind() == v1::ActingAppointment::PLT) {
          PgStructureSnapshot snapshot(tx, *instansi, from);
          auto occupant = snapshot.OccupantOf(post->id);
          if (occupant && occupant->how == Occupant::How::kHolder) {
            return common::RuleViolation(
                "PLT_POST_NOT_VACANT",
                "a Plt is appointed to a vacant post; use PLH",
                "Plt ditunjuk untuk jabatan yang kosong; gunakan Plh.",
                "PSR 20(3)");
          }
        }
        if (kedudukan_.ActingOverlaps(tx, *instansi, post->id, from, to)) {
          return common::RuleViolation(
              "ACTING_OVERLAP",
              "another acting appointment covers part of that period",
              "Sudah ada Plt/Plh pada sebagian periode tersebut.");
        }
        // An appointment that starts the day the same pegawai's appointment
        // to the same post ends extends it; SE Kepala BKN 1/SE/I/2021 allows
        // a limited number of extensions (the profile's
        // acting_max_extensions).
        std::string extends_id;
        int extensions = 0;
        for (absl::CivilDay start = from;;) {
          auto previous = kedudukan_.ActingEndingOn(tx, *instansi, pegawai->id,
                                                    post->id, start);
          if (!previous) break;
          if (extends_id.empty()) extends_id = previous->first;
          ++extensions;
          start = previous->second;
          if (extensions > rules.acting_max_extensions()) break;
        }
        if (extensions > rules.acting_max_extensions()) {
          return common::RuleViolation(
              "ACTING_EXTENSIONS_EXHAUSTED",
              absl::StrCat("an acting appointment may be extended ",
                           rules.acting_max_extensions(), " time(s)"),
              absl::StrCat("Penunjukan Plt/Plh hanya dapat diperpanjang ",
                           rules.acting_max_extensions(), " kali."),
              "profil kebijakan: kedudukan.acting_max_extensions");
        }
        v1::ActingAppointment created = a;
        const std::string id = common::NewResourceId();
        created.set_name(absl::StrCat(r.parent(), "/actingAppointments/", id));
        if (!extends_id.empty()) {
          created.set_extends(
              absl::StrCat(r.parent(), "/actingAppointments/", extends_id));
        }
        *created.mutable_valid_from() = common::ToProtoDate(from);
        created.set_eligibility_source(allowed->source());
        for (const auto& power : rules.acting_powers())
          created.add_powers(power);
        kedudukan_.InsertActing(tx, *instansi, id, created, pegawai->id,
                                post->id, extends_id, allowed->source());
        Record(tx, call, scope, "acting_appointment", created.name(), 1,
               "created", a.surat_perintah(), r.request_id(), created);
        return created;
      });
}

Org::Result<v1::Delegation> Org::CreateDelegation(
    const Call& call, const v1::CreateDelegationRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  const v1::Delegation& d = r.delegation();
  auto delegate = ParsePegawaiName(d.delegate());
  if (!delegate) errors.Add("delegation.delegate", "required: a pegawai");
  std::optional<ChildName> for_pegawai, for_post, delegating_post;
  if (d.kind() == v1::Delegation::ASSESSOR) {
    if (!d.for_pegawai().empty())
      for_pegawai = ParsePegawaiName(d.for_pegawai());
    if (!d.for_post().empty()) for_post = ParsePostName(d.for_post());
    if ((for_pegawai.has_value() + for_post.has_value()) != 1) {
      errors.Add("delegation.for_pegawai",
                 "exactly one of for_pegawai and for_post");
    }
  } else if (d.kind() == v1::Delegation::SIGNING) {
    delegating_post = ParsePostName(d.delegating_post());
    if (!delegating_post)
      errors.Add("delegation.delegating_post", "required for SIGNING");
    if (d.signing_mode() == v1::Delegation::SIGNING_MODE_UNSPECIFIED) {
      errors.Add("delegation.signing_mode",
                 "required for SIGNING: ATAS_NAMA or UNTUK_BELIAU");
    }
  } else {
    errors.Add("delegation.kind", "required: ASSESSOR or SIGNING");
  }
  if (d.legal_basis().empty()) errors.Add("delegation.legal_basis", "required");
  CheckRange(d.valid_from(), d.valid_to(), "delegation.", errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Delegation>(
      call, "CreateDelegation", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Delegation> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        if (!kedudukan_.GetPegawai(tx, *instansi, delegate->id)) {
          return common::NotFound(d.delegate());
        }
        if (for_pegawai &&
            !kedudukan_.GetPegawai(tx, *instansi, for_pegawai->id)) {
          return common::NotFound(d.for_pegawai());
        }
        for (const auto& p : {for_post, delegating_post}) {
          if (p && !kedudukan_.GetPost(tx, *instansi, p->id, scope.today)) {
            return common::NotFound(PostName(*instansi, p->id));
          }
        }
        v1::Delegation created = d;
        const std::string id = common::NewResourceId();
        created.set_name(absl::StrCat(r.parent(), "/delegations/", id));
        *created.mutable_valid_from() =
            common::ToProtoDate(DateOr(d.valid_from(), scope.today));
        kedudukan_.InsertDelegation(tx, *instansi, id, created, delegate->id,
                                    for_pegawai ? for_pegawai->id : "",
                                    for_post ? for_post->id : "",
                                    delegating_post ? delegating_post->id : "");
        Record(tx, call, scope, "delegation", created.name(), 1, "created",
               d.legal_basis(), r.request_id(), created);
        return created;
      });
}

Org::Result<v1::Official> Org::CreateOfficial(
    const Call& call, const v1::CreateOfficialRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  const v1::Official& o = r.official();
  if (o.role() == v1::Official::ROLE_UNSPECIFIED)
    errors.Add("official.role", "required");
  CheckDisplayName(o.display_name(), "official.display_name", errors);
  CheckRange(o.valid_from(), o.valid_to(), "official.", errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Official>(
      call, "CreateOfficial", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Official> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        v1::Official created = o;
        const std::string id = common::NewResourceId();
        created.set_name(absl::StrCat(r.parent(), "/officials/", id));
        *created.mutable_valid_from() =
            common::ToProtoDate(DateOr(o.valid_from(), scope.today));
        kedudukan_.InsertOfficial(tx, *instansi, id, created);
        Record(tx, call, scope, "official", created.name(), 1, "created", "",
               r.request_id(), created);
        return created;
      });
}

}  // namespace sisker::org
