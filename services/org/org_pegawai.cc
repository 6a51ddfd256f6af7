// Pegawai (NIP, status, subject link), placements, and the personal-data
// read log (DOMAIN.md 3.1, UU 27/2022).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/nip.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

constexpr common::PageSize kPegawaiPage{100, 1000};

NipSettings SettingsFrom(const v1::PolicyProfile& profile) {
  NipSettings s;
  const auto& n = profile.kedudukan().nip();
  if (n.min_birth_year() > 0) s.min_birth_year = n.min_birth_year();
  if (n.min_age_at_start() > 0) s.min_age_at_start = n.min_age_at_start();
  if (n.max_age_at_start() > 0) s.max_age_at_start = n.max_age_at_start();
  if (n.min_pppk_year() > 0) s.min_pppk_year = n.min_pppk_year();
  return s;
}

absl::Status Exists(const std::string& what, const std::string& message_id) {
  return common::MakeError(absl::StatusCode::kAlreadyExists, "ALREADY_EXISTS",
                           what, message_id);
}

}  // namespace

// Field checks of a pegawai, shared by CreatePegawai and the import.
// PNS golongan/ruang I/a .. IV/e (PP 99/2000); PPPK golongan I .. XVII
// (Perpres 98/2020). Empty: not known yet.
bool IsGolongan(const std::string& g, v1::Pegawai::AsnKind kind) {
  if (g.empty()) return true;
  if (kind == v1::Pegawai::PPPK) {
    static const char* const kPppk[] = {
        "I", "II", "III", "IV",   "V",   "VI", "VII", "VIII", "IX",
        "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"};
    for (const char* k : kPppk) {
      if (g == k) return true;
    }
    return false;
  }
  const auto slash = g.find('/');
  if (slash == std::string::npos || slash + 2 != g.size()) return false;
  const std::string level = g.substr(0, slash);
  const char ruang = g.back();
  if (level == "IV") return ruang >= 'a' && ruang <= 'e';
  return (level == "I" || level == "II" || level == "III") && ruang >= 'a' &&
         ruang <= 'd';
}

void CheckPegawaiFields(const v1::Pegawai& p, common::FieldErrors& errors) {
  CheckDisplayName(p.display_name(), "pegawai.display_name", errors);
  if (!IsGolongan(p.golongan(), p.asn_kind())) {
    errors.Add("pegawai.golongan", p.asn_kind() == v1::Pegawai::PPPK
                                       ? "a PPPK golongan is I to XVII"
                                       : "a PNS golongan/ruang is I/a to IV/e");
  }
  if (p.asn_kind() == v1::Pegawai::ASN_KIND_UNSPECIFIED) {
    errors.Add("pegawai.asn_kind", "required: PNS or PPPK");
  }
  if (p.nip().empty()) errors.Add("pegawai.nip", "required");
  if (p.gelar_depan().size() > 100)
    errors.Add("pegawai.gelar_depan", "at most 100 bytes");
  if (p.gelar_belakang().size() > 100)
    errors.Add("pegawai.gelar_belakang", "at most 100 bytes");
  if (p.subject().size() > 200)
    errors.Add("pegawai.subject", "at most 200 bytes");
  CheckOptionalDate(p.status_from(), "pegawai.status_from", errors);
}

Org::Result<v1::Pegawai> Org::AddPegawai(common::Tx& tx, const Call& call,
                                         const Scope& scope,
                                         const std::string& id,
                                         const v1::Pegawai& p,
                                         const std::string& request_id) const {
  const std::string& inst = scope.instansi.id;
  ASSIGN_OR_RETURN(
      ParsedNip nip,
      ParseNip(
          p.nip(),
          p.asn_kind() == v1::Pegawai::PPPK ? AsnKind::kPppk : AsnKind::kPns,
          scope.today, SettingsFrom(*scope.profile), "pegawai.nip"));
  if (kedudukan_.PegawaiIdByNip(tx, inst, nip.digits)) {
    return Exists("a pegawai with this NIP is already registered",
                  "NIP ini sudah terdaftar.");
  }
  if (kedudukan_.GetPegawai(tx, inst, id)) {
    return Exists(PegawaiName(inst, id) + " already exists",
                  PegawaiName(inst, id) + " sudah ada.");
  }
  v1::Pegawai pegawai = p;
  pegawai.set_nip(nip.digits);
  if (pegawai.status() == v1::Pegawai::STATUS_UNSPECIFIED)
    pegawai.set_status(v1::Pegawai::ACTIVE);
  *pegawai.mutable_status_from() =
      common::ToProtoDate(DateOr(p.status_from(), scope.today));
  *pegawai.mutable_birth_date() = common::ToProtoDate(nip.birth_date);
  kedudukan_.InsertPegawai(tx, inst, id, pegawai);
  v1::Pegawai created = *kedudukan_.GetPegawai(tx, inst, id);
  for (const auto& w : nip.warnings) {
    auto* warning = created.add_warnings();
    warning->set_code(w.code);
    warning->set_message(w.message);
    warning->set_article("national NIP rule (not the Perbup)");
  }
  Record(tx, call, scope, "pegawai", created.name(), 1, "created", "",
         request_id, created);
  return created;
}

Org::Result<v1::Pegawai> Org::CreatePegawai(const Call& call,
                                            const v1::CreatePegawaiRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  if (!r.pegawai_id().empty() && !common::IsValidResourceId(r.pegawai_id())) {
    errors.Add("pegawai_id", "must match [a-z][a-z0-9-]{2,39}");
  }
  CheckPegawaiFields(r.pegawai(), errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string id =
      r.pegawai_id().empty() ? common::NewResourceId() : r.pegawai_id();
  return Mutate<v1::Pegawai>(
      call, "CreatePegawai", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Pegawai> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        return AddPegawai(tx, call, scope, id, r.pegawai(), r.request_id());
      });
}

Org::Result<v1::Pegawai> Org::GetPegawai(const Call& call,
                                         const v1::GetPegawaiRequest& r) {
  auto name = ParsePegawaiName(r.name());
  if (!name)
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/pegawai/{p}"}});
  return Read<v1::Pegawai>(call, [&](common::Tx& tx) -> Result<v1::Pegawai> {
    ASSIGN_OR_RETURN(Scope scope,
                     LoadScope(tx, call, name->instansi, false, true));
    auto pegawai = kedudukan_.GetPegawai(tx, name->instansi, name->id);
    if (!pegawai) return common::NotFound(r.name());
    // ARCHITECTURE.md 5: a pegawai sees their own record, their direct
    // superior and their Pejabat Penilai Kinerja see it too (today's
    // kedudukan); BKPSDM and services with org.read see the instansi's.
    const bool self = call.principal.kind == common::Principal::Kind::kPerson &&
                      !pegawai->subject().empty() &&
                      pegawai->subject() == call.principal.subject;
    if (!self && !MaySeeAllPegawai(call, scope) &&
        !IsSuperiorOrAssessor(tx, call, scope, name->id)) {
      return common::PermissionDenied(
          "BKPSDM_OPERATOR, the pegawai, their direct superior or PPK",
          "operator BKPSDM, pegawai ybs., atasan langsung atau PPK.");
    }
    RecordPersonalDataRead(call, name->instansi, {name->id}, "GetPegawai");
    for (auto& period :
         kedudukan_.StatusHistory(tx, name->instansi, name->id)) {
      *pegawai->add_status_history() = std::move(period);
    }
    return *pegawai;
  });
}

bool Org::IsSuperiorOrAssessor(common::Tx& tx, const Call& call,
                               const Scope& scope,
                               const std::string& pegawai_id) const {
  if (call.principal.kind != common::Principal::Kind::kPerson) return false;
  auto caller = kedudukan_.PersonBySubject(tx, scope.instansi.id,
                                           call.principal.subject, scope.today);
  if (!caller || caller->person().person().empty()) return false;
  auto k = ComputeKedudukan(tx, scope, pegawai_id, scope.today);
  if (!k.ok()) return false;
  const std::string& me = caller->person().person();
  return k->direct_superior().person() == me ||
         k->assessor().person().person() == me;
}

Org::Result<v1::ListPegawaiResponse> Org::ListPegawai(
    const Call& call, const v1::ListPegawaiRequest& r) {
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi)
    return common::InvalidFields({{"parent", "must be instansi/{id}"}});
  std::string nip;
  for (char c : r.nip()) {
    if (c != ' ') nip.push_back(c);
  }
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(r.page_size(), kPegawaiPage));
  return Read<v1::ListPegawaiResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListPegawaiResponse> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, *instansi, false, true));
        if (!MaySeeAllPegawai(call, scope)) {
          return common::PermissionDenied("BKPSDM_OPERATOR", "operator BKPSDM");
        }
        const std::string query = absl::StrCat("pegawai|", *instansi, "|", nip);
        std::string after;
        if (!r.page_token().empty()) {
          ASSIGN_OR_RETURN(after, page_tokens_.Decode(query, r.page_token()));
        }
        auto rows = kedudukan_.ListPegawai(tx, *instansi, nip, after, size + 1);
        v1::ListPegawaiResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          *response.add_pegawai() = rows[i];
        }
        std::vector<std::string> ids;
        for (const auto& p : response.pegawai())
          ids.push_back(p.name().substr(p.name().rfind('/') + 1));
        RecordPersonalDataRead(call, *instansi, ids, "ListPegawai");
        if (static_cast<int>(rows.size()) > size) {
          const std::string& last = rows[size - 1].name();
          response.set_next_page_token(
              page_tokens_.Encode(query, last.substr(last.rfind('/') + 1)));
        }
        return response;
      });
}

Org::Result<v1::Placement> Org::AddPlacement(
    common::Tx& tx, const Call& call, const Scope& scope,
    const std::string& pegawai_id, const v1::Placement& pl,
    const std::string& request_id) const {
  const std::string& inst = scope.instansi.id;
  const std::string parent = PegawaiName(inst, pegawai_id);
  auto post = ParsePostName(pl.post());
  if (!kedudukan_.GetPegawai(tx, inst, pegawai_id))
    return common::NotFound(parent);
  const absl::CivilDay day = DateOr(pl.valid_from(), scope.today);
  auto target = kedudukan_.GetPost(tx, inst, post->id, day);
  if (!target) return common::NotFound(pl.post());
  if (target->valid_from > day ||
      (target->valid_to && *target->valid_to <= day)) {
    return common::RuleViolation(
        "POST_NOT_LIVE", pl.post() + " does not exist on that date",
        pl.post() + " tidak ada pada tanggal tersebut.");
  }
  auto latest = kedudukan_.LatestPlacement(tx, inst, pegawai_id);
  if (latest && (latest->valid_from >= day ||
                 (latest->valid_to && *latest->valid_to > day))) {
    return common::RuleViolation(
        "OVERLAPPING_PLACEMENT",
        absl::StrCat("the pegawai's placement from ",
                     common::ToIsoDate(latest->valid_from),
                     " overlaps; a new placement must start after it"),
        "Penempatan baru tumpang tindih dengan penempatan yang ada.");
  }
  if (latest && !latest->valid_to && latest->post_id == post->id) {
    return common::RuleViolation("ALREADY_PLACED",
                                 "the pegawai already holds that post",
                                 "Pegawai sudah menduduki jabatan tersebut.");
  }
  if (kedudukan_.PlacementsFrom(tx, inst, post->id, day) >= target->formation) {
    return common::RuleViolation(
        "FORMATION_FULL",
        absl::StrCat(pl.post(), " has ", target->formation,
                     " seat(s), all taken from ", common::ToIsoDate(day)),
        absl::StrCat("Formasi ", target->at.name, " (", target->formation,
                     " kursi) sudah penuh."),
        "formasi jabatan (KMP 3(3), PSR 6(1))");
  }
  if (latest && !latest->valid_to)
    kedudukan_.EndPlacement(tx, inst, latest->id, day);
  PlacementRow row;
  row.id = common::NewResourceId();
  row.pegawai_id = pegawai_id;
  row.post_id = post->id;
  row.kind = pl.kind() != v1::Placement::KIND_UNSPECIFIED
                 ? v1::Placement::Kind_Name(pl.kind())
                 : (latest ? "TRANSFER" : "INITIAL");
  row.valid_from = day;
  row.sk_number = pl.sk_number();
  if (common::IsSet(pl.sk_date()))
    row.sk_date = common::ToCivilDay(pl.sk_date());
  kedudukan_.InsertPlacement(tx, inst, row);
  v1::Placement created = pl;
  created.set_name(absl::StrCat(parent, "/placements/", row.id));
  v1::Placement::Kind kind = v1::Placement::KIND_UNSPECIFIED;
  v1::Placement::Kind_Parse(row.kind, &kind);
  created.set_kind(kind);
  *created.mutable_valid_from() = common::ToProtoDate(day);
  Record(tx, call, scope, "placement", created.name(), 1, "created",
         pl.sk_number(), request_id, created);
  return created;
}

// Field checks of a placement, shared by CreatePlacement and the import.
void CheckPlacementFields(const v1::Placement& pl, const std::string& instansi,
                          common::FieldErrors& errors) {
  auto post = ParsePostName(pl.post());
  if (!post || post->instansi != instansi) {
    errors.Add("placement.post", "required: a post of the same instansi");
  }
  if (pl.sk_number().empty())
    errors.Add("placement.sk_number", "the decree (SK) is required");
  CheckOptionalDate(pl.valid_from(), "placement.valid_from", errors);
  CheckOptionalDate(pl.sk_date(), "placement.sk_date", errors);
}

Org::Result<v1::Placement> Org::CreatePlacement(
    const Call& call, const v1::CreatePlacementRequest& r) {
  common::FieldErrors errors;
  auto pegawai = ParsePegawaiName(r.parent());
  if (!pegawai) errors.Add("parent", "must be instansi/{i}/pegawai/{p}");
  CheckPlacementFields(r.placement(), pegawai ? pegawai->instansi : "", errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Placement>(
      call, "CreatePlacement", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Placement> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, pegawai->instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        return AddPlacement(tx, call, scope, pegawai->id, r.placement(),
                            r.request_id());
      });
}

Org::Result<v1::ListPersonalDataReadsResponse> Org::ListPersonalDataReads(
    const Call& call, const v1::ListPersonalDataReadsRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  std::optional<ChildName> pegawai;
  std::string subject_id;
  if (!r.pegawai().empty()) {
    if ((pegawai = ParsePegawaiName(r.pegawai()))) {
      subject_id = pegawai->id;
    } else if (ParseExternalParticipantName(r.pegawai())) {
      subject_id = r.pegawai();
    } else {
      errors.Add("pegawai",
                 "must be instansi/{i}/pegawai/{p} or "
                 "instansi/{i}/externalParticipants/{x}");
    }
  }
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(r.page_size(), kPegawaiPage));
  return Read<v1::ListPersonalDataReadsResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListPersonalDataReadsResponse> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, *instansi, false, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        const std::string query =
            absl::StrCat("reads|", *instansi, "|", r.pegawai(), "|", r.actor());
        int64_t before = 0;
        if (!r.page_token().empty()) {
          ASSIGN_OR_RETURN(std::string cursor,
                           page_tokens_.Decode(query, r.page_token()));
          (void)absl::SimpleAtoi(cursor, &before);
        }
        auto [reads, last_id] = kedudukan_.PersonalDataReads(
            tx, *instansi, subject_id, r.actor(), before, size + 1);
        v1::ListPersonalDataReadsResponse response;
        for (int i = 0; i < static_cast<int>(reads.size()) && i < size; ++i) {
          *response.add_reads() = reads[i];
        }
        if (static_cast<int>(reads.size()) > size) {
          response.set_next_page_token(
              page_tokens_.Encode(query, absl::StrCat(last_id[size - 1])));
        }
        return response;
      });
}

Org::Result<v1::Pegawai> Org::UpdatePegawai(const Call& call,
                                            const v1::UpdatePegawaiRequest& r) {
  common::FieldErrors errors;
  const v1::Pegawai& p = r.pegawai();
  auto name = ParsePegawaiName(p.name());
  if (!name) errors.Add("pegawai.name", "must be instansi/{i}/pegawai/{p}");
  if (r.update_mask().paths().empty()) errors.Add("update_mask", "required");
  for (const auto& path : r.update_mask().paths()) {
    if (path == "display_name") {
      CheckDisplayName(p.display_name(), "pegawai.display_name", errors);
    } else if (path == "status") {
      if (p.status() == v1::Pegawai::STATUS_UNSPECIFIED)
        errors.Add("pegawai.status", "required");
      if (!common::IsSet(p.status_from())) {
        errors.Add("pegawai.status_from",
                   "the date the status took effect is required");
      }
      CheckOptionalDate(p.status_from(), "pegawai.status_from", errors);
    } else if (path == "subject") {
      if (p.subject().size() > 200)
        errors.Add("pegawai.subject", "at most 200 bytes");
    } else if (path != "gelar_depan" && path != "gelar_belakang" &&
               path != "golongan" && path != "pangkat") {
      errors.Add("update_mask", "unknown or immutable field " + path);
    }
  }
  CheckReason(r.reason(), true, errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Pegawai>(
      call, "UpdatePegawai", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Pegawai> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        auto current = kedudukan_.GetPegawai(tx, name->instansi, name->id);
        if (!current) return common::NotFound(p.name());
        if (!p.etag().empty() && p.etag() != current->etag()) {
          return common::StaleEtag(p.name());
        }
        v1::Pegawai updated = *current;
        for (const auto& path : r.update_mask().paths()) {
          if (path == "display_name")
            updated.set_display_name(p.display_name());
          if (path == "gelar_depan") updated.set_gelar_depan(p.gelar_depan());
          if (path == "gelar_belakang")
            updated.set_gelar_belakang(p.gelar_belakang());
          if (path == "golongan") updated.set_golongan(p.golongan());
          if (path == "pangkat") updated.set_pangkat(p.pangkat());
          if (path == "status") {
            updated.set_status(p.status());
            *updated.mutable_status_from() = p.status_from();
          }
          if (path == "subject") {
            if (!p.subject().empty()) {
              auto other = kedudukan_.PersonBySubject(tx, name->instansi,
                                                      p.subject(), scope.today);
              if (other && other->person().person() != p.name()) {
                return Exists("the subject is linked to another person",
                              "Subjek ini sudah ditautkan ke orang lain.");
              }
            }
            updated.set_subject(p.subject());
          }
        }
        kedudukan_.UpdatePegawai(tx, name->instansi, name->id, updated);
        v1::Pegawai stored =
            *kedudukan_.GetPegawai(tx, name->instansi, name->id);
        int64_t version = 0;
        (void)absl::SimpleAtoi(stored.etag(), &version);
        Record(tx, call, scope, "pegawai", stored.name(), version, "updated",
               r.reason(), r.request_id(), stored);
        return stored;
      });
}

Org::Result<v1::SubjectPerson> Org::LookupSubject(
    const Call& call, const v1::LookupSubjectRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  if (r.subject().empty() || r.subject().size() > 200) {
    errors.Add("subject", "required, at most 200 bytes");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return Read<v1::SubjectPerson>(
      call, [&](common::Tx& tx) -> Result<v1::SubjectPerson> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, *instansi, false, true));
        const bool self =
            call.principal.kind == common::Principal::Kind::kPerson &&
            call.principal.subject == r.subject();
        const bool service =
            call.principal.kind == common::Principal::Kind::kService;
        if (!self && !service) RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        auto person =
            kedudukan_.PersonBySubject(tx, *instansi, r.subject(), scope.today);
        if (!person) {
          return common::MakeError(
              absl::StatusCode::kNotFound, "UNKNOWN_SUBJECT",
              "the subject is not a known active person of this instansi",
              "Akun ini tidak terhubung dengan pegawai atau pejabat aktif.");
        }
        return *person;
      });
}

}  // namespace sisker::org
