// FindAssessor: delegation, then the walk up reports_to, then the Kepala
// PD; heads of PD by the Sekda, the Sekda by the Bupati (DOMAIN.md 3.1).
#include "services/org/assessor.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace sisker::org {
namespace {

const sisker::v1::AssessorMinimum* MinimumFor(
    const sisker::v1::KedudukanRules& rules,
    const std::string& assessed_class) {
  for (const auto& row : rules.assessor_minimums()) {
    if (row.assessed_class() == assessed_class) return &row;
  }
  return nullptr;
}

std::string TableRow(const sisker::v1::AssessorMinimum& row) {
  return absl::StrCat("PERFORMANCE.md 5: ", row.assessed_class(),
                      " >= ", row.minimum_level(), " (", row.source(), ")");
}

absl::Status NoAssessor(const std::string& why, const std::string& why_id) {
  return common::RuleViolation(
      "NO_ASSESSOR", why,
      absl::StrCat("Pejabat Penilai Kinerja tidak dapat ditentukan: ", why_id,
                   ". Tetapkan Plt/Plh atau pendelegasian."),
      "KMP 1(15), PSR 6(2)");
}

}  // namespace

int StructuralLevel(PostKind kind) {
  switch (kind) {
    case PostKind::kPengawas:
      return 1;
    case PostKind::kAdministrator:
      return 2;
    case PostKind::kJptPratama:
      return 3;
    default:
      return 0;
  }
}

int LevelByName(const std::string& level) {
  if (level == "PENGAWAS") return 1;
  if (level == "ADMINISTRATOR") return 2;
  if (level == "JPT_PRATAMA") return 3;
  return 99;  // unknown: nobody reaches it, the walk ends at the Kepala PD
}

PostKind PostKindFromName(const std::string& name) {
  if (name == "JPT_PRATAMA") return PostKind::kJptPratama;
  if (name == "ADMINISTRATOR") return PostKind::kAdministrator;
  if (name == "PENGAWAS") return PostKind::kPengawas;
  if (name == "FUNGSIONAL") return PostKind::kFungsional;
  return PostKind::kPelaksana;
}

const char* PostKindName(PostKind kind) {
  switch (kind) {
    case PostKind::kJptPratama:
      return "JPT_PRATAMA";
    case PostKind::kAdministrator:
      return "ADMINISTRATOR";
    case PostKind::kPengawas:
      return "PENGAWAS";
    case PostKind::kFungsional:
      return "FUNGSIONAL";
    case PostKind::kPelaksana:
      return "PELAKSANA";
  }
  return "PELAKSANA";
}

std::string AssessedClass(const PostAt& post) {
  if (post.kind != PostKind::kFungsional) return PostKindName(post.kind);
  if (post.jenjang.rfind("AHLI_", 0) == 0) return post.jenjang;
  return "KETERAMPILAN";
}

absl::StatusOr<AssessorAnswer> FindAssessor(
    const StructureSnapshot& snapshot, const std::string& pegawai_id,
    const std::string& post_id, const sisker::v1::KedudukanRules& rules) {
  const PostAt* own = snapshot.Post(post_id);
  if (own == nullptr) {
    return NoAssessor("the pegawai's post does not exist on that date",
                      "jabatan pegawai tidak ada pada tanggal tersebut");
  }
  AssessorAnswer answer;
  // (1) A delegation recorded for this pegawai or post (KMP 1(15), PSR 1(19)).
  if (auto d = snapshot.AssessorDelegation(pegawai_id, post_id)) {
    answer.step = AssessorAnswer::Step::kDelegation;
    answer.assessor = {d->delegate_pegawai_id, d->delegate_name,
                       Occupant::How::kHolder};
    answer.article = absl::StrCat("KMP 1(15), PSR 1(19): pendelegasian (",
                                  d->legal_basis, ")");
    return answer;
  }
  // Heads of PD by the Sekda, the Sekda by the Bupati.
  if (own->sekda) {
    auto bupati = snapshot.Bupati();
    if (!bupati)
      return NoAssessor("no Bupati is recorded", "Bupati belum tercatat");
    answer.step = AssessorAnswer::Step::kBupati;
    answer.assessor = *bupati;
    answer.article =
        "PermenPANRB 6/2022: Sekretaris Daerah dinilai oleh Bupati";
    return answer;
  }
  if (own->head_of_pd) {
    const PostAt* sekda = snapshot.SekdaPost();
    auto occupant = sekda ? snapshot.OccupantOf(sekda->id) : std::nullopt;
    if (!occupant) {
      return NoAssessor("the Sekda post is vacant without Plt/Plh",
                        "jabatan Sekretaris Daerah kosong tanpa Plt/Plh");
    }
    answer.step = AssessorAnswer::Step::kSekda;
    answer.post_id = sekda->id;
    answer.assessor = *occupant;
    answer.article =
        "PermenPANRB 6/2022: Kepala Perangkat Daerah dinilai oleh Sekretaris "
        "Daerah";
    return answer;
  }
  // (2) Walk up reports_to.
  const std::string assessed_class = AssessedClass(*own);
  const sisker::v1::AssessorMinimum* minimum =
      MinimumFor(rules, assessed_class);
  const int needed = minimum ? LevelByName(minimum->minimum_level()) : 99;
  bool passed_vacant_administrator = false;
  std::string current = own->reports_to;
  for (int steps = 0; !current.empty() && steps < 64; ++steps) {
    const PostAt* post = snapshot.Post(current);
    if (post == nullptr) break;
    auto occupant = snapshot.OccupantOf(post->id);
    if (post->head_of_pd) {
      // (3) The walk reached the head of the PD: the Kepala PD assesses,
      // whatever the table says (PSR 20(1), 20(2)).
      if (!occupant) {
        return NoAssessor(absl::StrCat("the head of PD post ", post->id,
                                       " is vacant without Plt/Plh"),
                          absl::StrCat("jabatan Kepala Perangkat Daerah ",
                                       post->name, " kosong tanpa Plt/Plh"));
      }
      answer.step = AssessorAnswer::Step::kKepalaPd;
      answer.post_id = post->id;
      answer.assessor = *occupant;
      if (!snapshot.PdHasAdministratorPost(post->pd_id)) {
        answer.article = rules.no_administrator_article();
      } else if (passed_vacant_administrator) {
        answer.article = rules.vacant_administrator_article();
      } else if (minimum != nullptr) {
        answer.article = TableRow(*minimum);
      } else {
        answer.article = "Kepala Perangkat Daerah (KMP 3(1), PSR 6(2))";
      }
      return answer;
    }
    if (!occupant) {
      answer.passed_over.push_back(post->id);
      if (post->kind == PostKind::kAdministrator)
        passed_vacant_administrator = true;
      current = post->reports_to;
      continue;
    }
    if (StructuralLevel(post->kind) >= needed &&
        StructuralLevel(post->kind) > 0) {
      answer.step = AssessorAnswer::Step::kWalk;
      answer.post_id = post->id;
      answer.assessor = *occupant;
      answer.article = TableRow(*minimum);
      return answer;
    }
    if (post->kind == PostKind::kFungsional && post->leads_independent_unit &&
        snapshot.UnitWithin(own->unit_id, post->unit_id)) {
      answer.step = AssessorAnswer::Step::kIndependentUnit;
      answer.post_id = post->id;
      answer.assessor = *occupant;
      answer.article =
          "KMP 3(2), PSR 6(3): pejabat fungsional yang memimpin unit kerja "
          "mandiri";
      return answer;
    }
    current = post->reports_to;
  }
  return NoAssessor(
      absl::StrCat("the reports_to chain of post ", post_id,
                   " does not reach the head of its PD"),
      "rantai atasan jabatan tidak sampai ke Kepala Perangkat Daerah");
}

}  // namespace sisker::org
