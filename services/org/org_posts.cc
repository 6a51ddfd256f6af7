// Posts (jabatan) and the kedudukan query (where a pegawai sits and who
// assesses them, DOMAIN.md 3.1).
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/assessor.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

constexpr common::PageSize kPostPage{100, 1000};

bool IsJenjang(const std::string& j) {
  for (const char* k : {"AHLI_UTAMA", "AHLI_MADYA", "AHLI_MUDA", "AHLI_PERTAMA",
                        "PENYELIA", "MAHIR", "TERAMPIL", "PEMULA"}) {
    if (j == k) return true;
  }
  return false;
}

}  // namespace

v1::Post PostToProto(const std::string& instansi, const PostRow& p) {
  v1::Post post;
  post.set_name(PostName(instansi, p.at.id));
  post.set_display_name(p.at.name);
  v1::Post::Kind kind = v1::Post::KIND_UNSPECIFIED;
  v1::Post::Kind_Parse(PostKindName(p.at.kind), &kind);
  post.set_kind(kind);
  post.set_unit(UnitName(instansi, p.at.unit_id));
  if (!p.at.pd_id.empty())
    post.set_perangkat_daerah(PdName(instansi, p.at.pd_id));
  post.set_jenjang(p.at.jenjang);
  post.set_hasil_penyetaraan(p.hasil_penyetaraan);
  post.set_formation(p.formation);
  if (!p.at.reports_to.empty())
    post.set_reports_to(PostName(instansi, p.at.reports_to));
  post.set_head_of_unit(p.head_of_unit);
  post.set_head_of_pd(p.at.head_of_pd);
  post.set_sekda(p.at.sekda);
  post.set_leads_independent_unit(p.at.leads_independent_unit);
  *post.mutable_effective_from() = common::ToProtoDate(p.valid_from);
  if (p.valid_to)
    *post.mutable_effective_to() = common::ToProtoDate(*p.valid_to);
  post.set_etag(absl::StrCat(p.version));
  return post;
}

namespace {

v1::Person PersonFor(const std::string& instansi, const Occupant& o,
                     const std::string& post, const PostAt* post_at = nullptr) {
  v1::Person person;
  person.set_person(
      o.how == Occupant::How::kOfficial
          ? absl::StrCat("instansi/", instansi, "/officials/", o.person_id)
          : PegawaiName(instansi, o.person_id));
  person.set_display_name(o.name);
  if (!post.empty()) person.set_post(PostName(instansi, post));
  if (post_at != nullptr) person.set_post_display_name(post_at->name);
  person.set_acting(o.how == Occupant::How::kPlt   ? "PLT"
                    : o.how == Occupant::How::kPlh ? "PLH"
                                                   : "");
  return person;
}

v1::Assessor::Step StepToProto(AssessorAnswer::Step step) {
  switch (step) {
    case AssessorAnswer::Step::kDelegation:
      return v1::Assessor::DELEGATION;
    case AssessorAnswer::Step::kWalk:
      return v1::Assessor::WALK;
    case AssessorAnswer::Step::kIndependentUnit:
      return v1::Assessor::INDEPENDENT_UNIT_HEAD;
    case AssessorAnswer::Step::kKepalaPd:
      return v1::Assessor::KEPALA_PD;
    case AssessorAnswer::Step::kSekda:
      return v1::Assessor::SEKDA;
    case AssessorAnswer::Step::kBupati:
      return v1::Assessor::BUPATI;
  }
  return v1::Assessor::STEP_UNSPECIFIED;
}

void CheckPostFields(const v1::Post& p, common::FieldErrors& errors) {
  CheckDisplayName(p.display_name(), "post.display_name", errors);
  const bool structural = p.kind() == v1::Post::JPT_PRATAMA ||
                          p.kind() == v1::Post::ADMINISTRATOR ||
                          p.kind() == v1::Post::PENGAWAS;
  if (p.kind() == v1::Post::KIND_UNSPECIFIED)
    errors.Add("post.kind", "required");
  if (p.kind() == v1::Post::FUNGSIONAL && !IsJenjang(p.jenjang())) {
    errors.Add("post.jenjang", "required for FUNGSIONAL: AHLI_UTAMA .. PEMULA");
  }
  if (p.kind() != v1::Post::FUNGSIONAL && !p.jenjang().empty()) {
    errors.Add("post.jenjang", "only FUNGSIONAL posts have a jenjang");
  }
  if (p.formation() < 0 || p.formation() > 10000) {
    errors.Add("post.formation", "must be 1 to 10000 seats");
  } else if (structural && p.formation() > 1) {
    errors.Add("post.formation", "a structural post has one seat");
  }
  // PSR 1(16): the Kepala PD is a JPT Pratama or an Administrator.
  if (p.head_of_pd() && p.kind() != v1::Post::JPT_PRATAMA &&
      p.kind() != v1::Post::ADMINISTRATOR) {
    errors.Add(
        "post.head_of_pd",
        "the head of a PD is a JPT Pratama or Administrator (PSR 1(16))");
  }
  if (p.sekda() && (p.kind() != v1::Post::JPT_PRATAMA || !p.head_of_pd())) {
    errors.Add(
        "post.sekda",
        "the Sekda post is a JPT Pratama that heads the Sekretariat Daerah");
  }
  if (p.leads_independent_unit() && p.kind() != v1::Post::FUNGSIONAL) {
    errors.Add("post.leads_independent_unit",
               "only a fungsional post (PSR 6(3))");
  }
  CheckOptionalDate(p.effective_from(), "post.effective_from", errors);
}

}  // namespace

Org::Result<v1::Post> Org::CreatePost(const Call& call,
                                      const v1::CreatePostRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  if (!r.post_id().empty() && !common::IsValidResourceId(r.post_id())) {
    errors.Add("post_id", "must match [a-z][a-z0-9-]{2,39}");
  }
  const v1::Post& p = r.post();
  CheckPostFields(p, errors);
  auto unit = ParseUnitName(p.unit());
  if (!unit || (instansi && unit->instansi != *instansi)) {
    errors.Add("post.unit", "required: a unit of the parent instansi");
  }
  std::optional<ChildName> reports_to;
  if (!p.reports_to().empty()) {
    reports_to = ParsePostName(p.reports_to());
    if (!reports_to || (instansi && reports_to->instansi != *instansi)) {
      errors.Add("post.reports_to", "must be a post of the parent instansi");
    }
  }
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string id =
      r.post_id().empty() ? common::NewResourceId() : r.post_id();
  return Mutate<v1::Post>(
      call, "CreatePost", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Post> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        const absl::CivilDay day = DateOr(p.effective_from(), scope.today);
        auto unit_versions = store_.UnitVersions(tx, *instansi, unit->id);
        if (unit_versions.empty()) return common::NotFound(p.unit());
        bool dissolved = false;
        const UnitVersion* u = VersionForRead(unit_versions, day, &dissolved);
        if (u == nullptr || dissolved) {
          return common::RuleViolation(
              "UNIT_NOT_LIVE", p.unit() + " does not exist on that date",
              p.unit() + " tidak aktif pada tanggal tersebut.");
        }
        RETURN_IF_ERROR(scope.authority.RequireUnitAuthority(u->pd_id));
        if (reports_to &&
            !kedudukan_.GetPost(tx, *instansi, reports_to->id, day)) {
          return common::NotFound(p.reports_to());
        }
        if (kedudukan_.GetPost(tx, *instansi, id, day)) {
          return common::MakeError(absl::StatusCode::kAlreadyExists,
                                   "ALREADY_EXISTS",
                                   PostName(*instansi, id) + " already exists",
                                   PostName(*instansi, id) + " sudah ada.");
        }
        for (auto [set, marker, label] :
             {std::tuple{p.head_of_unit(), "head_of_unit", "unit"},
              std::tuple{p.head_of_pd(), "head_of_pd", "Perangkat Daerah"},
              std::tuple{p.sekda(), "sekda", "instansi"}}) {
          if (set &&
              kedudukan_
                  .MarkedPost(tx, *instansi, unit->id, u->pd_id, marker, day)
                  .has_value()) {
            return common::RuleViolation(
                "DUPLICATE_HEAD",
                absl::StrCat("this ", label, " already has a ", marker,
                             " post"),
                absl::StrCat("Sudah ada jabatan pimpinan untuk ", label,
                             " ini."));
          }
        }
        PostRow row;
        row.at.id = id;
        row.at.name = p.display_name();
        row.at.unit_id = unit->id;
        row.at.pd_id = u->pd_id;
        row.at.kind = PostKindFromName(v1::Post::Kind_Name(p.kind()));
        row.at.jenjang = p.jenjang();
        row.at.reports_to = reports_to ? reports_to->id : "";
        row.at.head_of_pd = p.head_of_pd();
        row.at.sekda = p.sekda();
        row.at.leads_independent_unit = p.leads_independent_unit();
        row.formation = p.formation() == 0 ? 1 : p.formation();
        row.head_of_unit = p.head_of_unit();
        row.hasil_penyetaraan = p.hasil_penyetaraan();
        row.at.hasil_penyetaraan = p.hasil_penyetaraan();
        row.valid_from = day;
        kedudukan_.InsertPost(tx, *instansi, row);
        v1::Post created = PostToProto(*instansi, row);
        Record(tx, call, scope, "post", created.name(), 1, "created", "",
               r.request_id(), created);
        return created;
      });
}

Org::Result<v1::Post> Org::GetPost(const Call& call,
                                   const v1::GetPostRequest& r) {
  auto name = ParsePostName(r.name());
  if (!name)
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/posts/{post}"}});
  return Read<v1::Post>(call, [&](common::Tx& tx) -> Result<v1::Post> {
    ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, name->instansi, false));
    auto post = kedudukan_.GetPost(tx, name->instansi, name->id, scope.today);
    if (!post) return common::NotFound(r.name());
    return PostToProto(name->instansi, *post);
  });
}

Org::Result<v1::ListPostsResponse> Org::ListPosts(
    const Call& call, const v1::ListPostsRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  std::optional<ChildName> unit, pd;
  if (!r.unit().empty() && !(unit = ParseUnitName(r.unit())))
    errors.Add("unit", "malformed");
  if (!r.perangkat_daerah().empty() &&
      !(pd = ParsePdName(r.perangkat_daerah()))) {
    errors.Add("perangkat_daerah", "malformed");
  }
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(r.page_size(), kPostPage));
  return Read<v1::ListPostsResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListPostsResponse> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, false));
        const absl::CivilDay day = DateOr(r.as_of(), scope.today);
        const std::string query =
            absl::StrCat("posts|", *instansi, "|", common::ToIsoDate(day), "|",
                         unit ? unit->id : "", "|", pd ? pd->id : "");
        std::string after;
        if (!r.page_token().empty()) {
          ASSIGN_OR_RETURN(after, page_tokens_.Decode(query, r.page_token()));
        }
        auto rows =
            kedudukan_.ListPosts(tx, *instansi, day, unit ? unit->id : "",
                                 pd ? pd->id : "", after, size + 1);
        v1::ListPostsResponse response;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          *response.add_posts() = PostToProto(*instansi, rows[i]);
        }
        if (static_cast<int>(rows.size()) > size) {
          response.set_next_page_token(
              page_tokens_.Encode(query, rows[size - 1].at.id));
        }
        return response;
      });
}

Org::Result<v1::ListPostHoldersResponse> Org::ListPostHolders(
    const Call& call, const v1::ListPostHoldersRequest& r) {
  auto name = ParsePostName(r.name());
  if (!name)
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/posts/{post}"}});
  return Read<v1::ListPostHoldersResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListPostHoldersResponse> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, false));
        if (!kedudukan_.GetPost(tx, name->instansi, name->id, scope.today)) {
          return common::NotFound(r.name());
        }
        v1::ListPostHoldersResponse response;
        for (auto& h : kedudukan_.Holdings(tx, name->instansi, name->id)) {
          *response.add_holdings() = std::move(h);
        }
        return response;
      });
}

Org::Result<v1::Kedudukan> Org::GetKedudukan(const Call& call,
                                             const v1::GetKedudukanRequest& r) {
  common::FieldErrors errors;
  std::optional<ChildName> pegawai;
  if (r.name().size() > 10 && r.name().ends_with("/kedudukan")) {
    pegawai = ParsePegawaiName(r.name().substr(0, r.name().size() - 10));
  }
  if (!pegawai)
    errors.Add("name", "must be instansi/{i}/pegawai/{p}/kedudukan");
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string& inst = pegawai->instansi;
  return Cached<v1::Kedudukan>(
      call, kedudukan_cache_, inst, r.as_of(), pegawai->id,
      [&](absl::CivilDay day) {
        return Read<v1::Kedudukan>(
            call, [&](common::Tx& tx) -> Result<v1::Kedudukan> {
              ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, inst, false));
              return ComputeKedudukan(tx, scope, pegawai->id, day);
            });
      });
}

Org::Result<v1::Kedudukan> Org::ComputeKedudukan(common::Tx& tx,
                                                 const Scope& scope,
                                                 const std::string& pegawai_id,
                                                 absl::CivilDay day) const {
  const std::string& inst = scope.instansi.id;
  auto pegawai = kedudukan_.GetPegawai(tx, inst, pegawai_id);
  if (!pegawai) return common::NotFound(PegawaiName(inst, pegawai_id));
  auto placement = kedudukan_.PlacementOn(tx, inst, pegawai_id, day);
  if (!placement) {
    return common::RuleViolation(
        "NOT_PLACED",
        absl::StrCat("the pegawai holds no post on ", common::ToIsoDate(day)),
        absl::StrCat("Pegawai tidak menduduki jabatan pada ",
                     common::ToIsoDate(day), "."),
        "KMP 3(1), PSR 6(1)");
  }
  PgStructureSnapshot snapshot(tx, inst, day);
  const PostAt* post = snapshot.Post(placement->post_id);
  if (post == nullptr)
    return common::NotFound(PostName(inst, placement->post_id));
  v1::Kedudukan k;
  k.set_name(PegawaiName(inst, pegawai_id) + "/kedudukan");
  k.set_display_name(pegawai->display_name());
  *k.mutable_as_of() = common::ToProtoDate(day);
  k.set_perangkat_daerah(PdName(inst, post->pd_id));
  k.set_unit(UnitName(inst, post->unit_id));
  k.set_post(PostName(inst, post->id));
  k.set_post_display_name(post->name);
  v1::Post::Kind kind = v1::Post::KIND_UNSPECIFIED;
  v1::Post::Kind_Parse(PostKindName(post->kind), &kind);
  k.set_post_kind(kind);
  k.set_jenjang(post->jenjang);
  k.set_hasil_penyetaraan(post->hasil_penyetaraan);
  k.set_asn_kind(pegawai->asn_kind());
  // The direct superior: the nearest occupied post above.
  std::string up = post->reports_to;
  for (int steps = 0; !up.empty() && steps < 64; ++steps) {
    const PostAt* above = snapshot.Post(up);
    if (above == nullptr) break;
    if (auto occupant = snapshot.OccupantOf(above->id)) {
      *k.mutable_direct_superior() =
          PersonFor(inst, *occupant, above->id, above);
      break;
    }
    up = above->reports_to;
  }
  ASSIGN_OR_RETURN(
      AssessorAnswer answer,
      FindAssessor(snapshot, pegawai_id, post->id, scope.profile->kedudukan()));
  v1::Assessor* assessor = k.mutable_assessor();
  *assessor->mutable_person() = PersonFor(
      inst, answer.assessor, answer.post_id,
      answer.post_id.empty() ? nullptr : snapshot.Post(answer.post_id));
  assessor->set_step(StepToProto(answer.step));
  assessor->set_article(answer.article);
  for (const auto& vacant : answer.passed_over) {
    assessor->add_passed_over(PostName(inst, vacant));
  }
  for (const auto& post_id : snapshot.ActingPosts(pegawai_id)) {
    k.add_acting_posts(PostName(inst, post_id));
  }
  for (const auto& d : snapshot.SigningDelegations(pegawai_id)) {
    v1::SigningAuthority* a = k.add_signing_authorities();
    a->set_delegation(absl::StrCat("instansi/", inst, "/delegations/", d.id));
    a->set_delegating_post(PostName(inst, d.delegating_post_id));
    if (const PostAt* p = snapshot.Post(d.delegating_post_id)) {
      a->set_delegating_post_display_name(p->name);
    }
    v1::Delegation::SigningMode mode = v1::Delegation::ATAS_NAMA;
    v1::Delegation::SigningMode_Parse(d.mode, &mode);
    a->set_mode(mode);
    a->set_legal_basis(d.legal_basis);
  }
  return k;
}

Org::Result<v1::Heads> Org::GetHeads(const Call& call,
                                     const v1::GetHeadsRequest& r) {
  common::FieldErrors errors;
  auto unit = ParseUnitName(r.name());
  auto pd = ParsePdName(r.name());
  auto instansi_only = ParseInstansiName(r.name());
  if (!unit && !pd && !instansi_only) {
    errors.Add("name", "must be a unit, a Perangkat Daerah or an instansi");
  }
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = unit ? unit->instansi
                           : pd ? pd->instansi
                                : *instansi_only;
  return Cached<v1::Heads>(
      call, heads_cache_, inst, r.as_of(), r.name(),
      [&](absl::CivilDay day) { return HeadsOn(call, r, inst, day); });
}

Org::Result<v1::Heads> Org::HeadsOn(const Call& call,
                                    const v1::GetHeadsRequest& r,
                                    const std::string& inst,
                                    absl::CivilDay day) {
  auto unit = ParseUnitName(r.name());
  auto pd = ParsePdName(r.name());
  return Read<v1::Heads>(call, [&](common::Tx& tx) -> Result<v1::Heads> {
    ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, inst, false));
    PgStructureSnapshot snapshot(tx, inst, day);
    auto person_in = [&](const std::optional<std::string>& post,
                         v1::Person* out) {
      if (!post) return false;
      out->set_post(PostName(inst, *post));
      if (auto occupant = snapshot.OccupantOf(*post)) {
        *out = PersonFor(inst, *occupant, *post, snapshot.Post(*post));
        return true;
      }
      return false;
    };
    v1::Heads heads;
    std::optional<std::string> head_post;
    if (unit) {
      if (store_.UnitVersions(tx, inst, unit->id).empty())
        return common::NotFound(r.name());
      head_post =
          kedudukan_.MarkedPost(tx, inst, unit->id, "", "head_of_unit", day);
    } else if (pd) {
      if (store_.PdVersions(tx, inst, pd->id).empty())
        return common::NotFound(r.name());
      head_post =
          kedudukan_.MarkedPost(tx, inst, "", pd->id, "head_of_pd", day);
    } else {
      head_post = kedudukan_.MarkedPost(tx, inst, "", "", "sekda", day);
    }
    heads.set_vacant(!person_in(head_post, heads.mutable_head()));
    person_in(kedudukan_.MarkedPost(tx, inst, "", "", "sekda", day),
              heads.mutable_sekda());
    if (auto bupati = snapshot.Bupati())
      *heads.mutable_bupati() = PersonFor(inst, *bupati, "");
    return heads;
  });
}

Org::Result<v1::ListSubordinatesResponse> Org::ListSubordinates(
    const Call& call, const v1::ListSubordinatesRequest& r) {
  common::FieldErrors errors;
  auto pegawai = ParsePegawaiName(r.name());
  if (!pegawai) errors.Add("name", "must be instansi/{i}/pegawai/{p}");
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Read<v1::ListSubordinatesResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListSubordinatesResponse> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, pegawai->instansi, false));
        const absl::CivilDay day = DateOr(r.as_of(), scope.today);
        if (!kedudukan_.GetPegawai(tx, pegawai->instansi, pegawai->id)) {
          return common::NotFound(r.name());
        }
        auto placement =
            kedudukan_.PlacementOn(tx, pegawai->instansi, pegawai->id, day);
        if (!placement) {
          return common::RuleViolation(
              "NOT_PLACED", "the pegawai holds no post on that date",
              "Pegawai tidak menduduki jabatan pada tanggal tersebut.");
        }
        v1::ListSubordinatesResponse response;
        for (auto& person : kedudukan_.Subordinates(tx, pegawai->instansi,
                                                    placement->post_id, day)) {
          *response.add_subordinates() = std::move(person);
        }
        return response;
      });
}

}  // namespace sisker::org
