// Who assesses whom (Pejabat Penilai Kinerja), as of a date, by the
// algorithm of DOMAIN.md 3.1 over a snapshot of the structure; no SQL, no
// gRPC. Every answer names the step and the article or table row that
// decided it.
#ifndef SISKER_SERVICES_ORG_ASSESSOR_H_
#define SISKER_SERVICES_ORG_ASSESSOR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sisker/v1/common.pb.h"

namespace sisker::org {

enum class PostKind {
  kJptPratama,
  kAdministrator,
  kPengawas,
  kFungsional,
  kPelaksana
};

// A post as it stands on the date asked about.
struct PostAt {
  std::string id;
  std::string name;
  std::string unit_id;
  std::string pd_id;
  PostKind kind = PostKind::kPelaksana;
  // Fungsional only: AHLI_UTAMA, AHLI_MADYA, AHLI_MUDA, AHLI_PERTAMA,
  // PENYELIA, MAHIR, TERAMPIL, PEMULA.
  std::string jenjang;
  std::string reports_to;  // post id; empty at the top
  bool head_of_pd = false;
  bool sekda = false;
  // A fungsional appointed to lead a UPTD or independent unit (KMP 3(2),
  // PSR 6(3)).
  bool leads_independent_unit = false;
  // Converted from an administrative post (KMP 4(6) "hasil penyetaraan").
  bool hasil_penyetaraan = false;
};

// Who sits in a post on the date: its holder, else its acting holder.
struct Occupant {
  enum class How { kHolder, kPlt, kPlh, kOfficial };
  std::string person_id;  // pegawai id, or the official's id for the Bupati
  std::string name;
  How how = How::kHolder;
};

struct DelegationAt {
  std::string delegate_pegawai_id;
  std::string delegate_name;
  std::string legal_basis;
};

// What the algorithm reads; the store implements it for one instansi and
// one date.
class StructureSnapshot {
 public:
  virtual ~StructureSnapshot() = default;
  virtual const PostAt* Post(const std::string& post_id) const = 0;
  // The holder (first seat) of a post, else its Plt/Plh, else nothing.
  virtual std::optional<Occupant> OccupantOf(
      const std::string& post_id) const = 0;
  // A recorded assessor delegation for this pegawai or their post.
  virtual std::optional<DelegationAt> AssessorDelegation(
      const std::string& pegawai_id, const std::string& post_id) const = 0;
  virtual bool PdHasAdministratorPost(const std::string& pd_id) const = 0;
  // The Sekda's post, and the Bupati (an official, not a pegawai).
  virtual const PostAt* SekdaPost() const = 0;
  virtual std::optional<Occupant> Bupati() const = 0;
  // True when `unit_id` is `ancestor_id` or below it.
  virtual bool UnitWithin(const std::string& unit_id,
                          const std::string& ancestor_id) const = 0;
};

struct AssessorAnswer {
  enum class Step {
    kDelegation,       // (1) KMP 1(15), PSR 1(19)
    kWalk,             // (2) nearest holder at or above the table level
    kIndependentUnit,  // (2) fungsional heading the pegawai's UPTD/unit
    kKepalaPd,         // (3) the walk reached the head of the PD
    kSekda,            // heads of PD are assessed by the Sekda
    kBupati,           // the Sekda by the Bupati
  };
  Step step = Step::kWalk;
  std::string post_id;  // empty for the Bupati and delegations
  Occupant assessor;
  // The article or table row that decided, e.g. "PSR 20(2)" or
  // "PERFORMANCE.md 5: PELAKSANA ≥ PENGAWAS (SE Kepala BKN 11/2023)".
  std::string article;
  // Vacant posts without an acting holder that the walk passed over.
  std::vector<std::string> passed_over;
};

// The enum names of post kinds (as in sisker.v1.Post.Kind and the profile).
PostKind PostKindFromName(const std::string& name);
const char* PostKindName(PostKind kind);

// The class of a post for the table: ADMINISTRATOR, PENGAWAS, PELAKSANA,
// JPT_PRATAMA, or the fungsional jenjang class (KETERAMPILAN for the
// keterampilan jenjang).
std::string AssessedClass(const PostAt& post);
// PENGAWAS 1 < ADMINISTRATOR 2 < JPT_PRATAMA 3; 0 for other posts.
int StructuralLevel(PostKind kind);
int LevelByName(const std::string& level);

// FAILED_PRECONDITION NO_ASSESSOR (naming the vacancy) when the structure
// gives nobody: e.g. a vacant Kepala PD without Plt, or a post chain that
// never reaches the head of its PD.
absl::StatusOr<AssessorAnswer> FindAssessor(
    const StructureSnapshot& snapshot, const std::string& pegawai_id,
    const std::string& post_id, const sisker::v1::KedudukanRules& rules);

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_ASSESSOR_H_
