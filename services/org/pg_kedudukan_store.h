// PostgreSQL access for kedudukan (posts, pegawai, placements, acting
// appointments, delegations, officials) and the structure snapshot the
// assessor algorithm reads. Runs inside the caller's transaction.
#ifndef SISKER_SERVICES_ORG_PG_KEDUDUKAN_STORE_H_
#define SISKER_SERVICES_ORG_PG_KEDUDUKAN_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/pg_transaction.h"
#include "services/org/assessor.h"
#include "sisker/v1/org.pb.h"

namespace sisker::org {

struct PostRow {
  PostAt at;  // pd_id is the unit's PD on the day read
  int formation = 1;
  bool head_of_unit = false;
  bool hasil_penyetaraan = false;
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;
  int64_t version = 1;
};

struct PlacementRow {
  std::string id;
  std::string pegawai_id;
  std::string post_id;
  std::string kind;
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;
  std::string sk_number;
  std::optional<absl::CivilDay> sk_date;
};

// The API form of a post row (org_posts.cc).
sisker::v1::Post PostToProto(const std::string& instansi, const PostRow& p);

// Prepares the statements of the kedudukan read path on a new pooled
// connection (PgPoolOptions::setup): the snapshot's queries are planned
// once per connection, not on every call.
void PrepareOrgStatements(pqxx::connection& conn);

class PgKedudukanStore {
 public:
  using Tx = common::Tx;

  std::optional<PostRow> GetPost(Tx& tx, const std::string& instansi,
                                 const std::string& id,
                                 absl::CivilDay day) const;
  void InsertPost(Tx& tx, const std::string& instansi,
                  const PostRow& post) const;
  // Writes display_name, formation, reports_to, hasil_penyetaraan and
  // valid_to of `post` and bumps its version.
  void UpdatePost(Tx& tx, const std::string& instansi,
                  const PostRow& post) const;
  // Placements and acting appointments of `post` that run past `day`.
  int OccupancyAfter(Tx& tx, const std::string& instansi,
                     const std::string& post, absl::CivilDay day) const;
  // Posts reporting to `post` that are live on or after `day`.
  int LiveReportsAfter(Tx& tx, const std::string& instansi,
                       const std::string& post, absl::CivilDay day) const;
  std::vector<PostRow> ListPosts(Tx& tx, const std::string& instansi,
                                 absl::CivilDay day, const std::string& unit,
                                 const std::string& pd,
                                 const std::string& after, int limit) const;

  // The live post carrying a marker: the head of `unit`, the head of PD
  // `pd`, or the Sekda.
  std::optional<std::string> MarkedPost(Tx& tx, const std::string& instansi,
                                        const std::string& unit,
                                        const std::string& pd,
                                        const char* marker,
                                        absl::CivilDay day) const;
  // Pegawai placed in, or acting in, the posts that report to `post`.
  std::vector<sisker::v1::Person> Subordinates(Tx& tx,
                                               const std::string& instansi,
                                               const std::string& post,
                                               absl::CivilDay day) const;

  std::optional<sisker::v1::Pegawai> GetPegawai(Tx& tx,
                                                const std::string& instansi,
                                                const std::string& id) const;
  std::optional<std::string> PegawaiIdByNip(Tx& tx, const std::string& instansi,
                                            const std::string& nip) const;
  void InsertPegawai(Tx& tx, const std::string& instansi, const std::string& id,
                     const sisker::v1::Pegawai& pegawai) const;
  // Writes the mutable fields and bumps the version.
  void UpdatePegawai(Tx& tx, const std::string& instansi, const std::string& id,
                     const sisker::v1::Pegawai& pegawai) const;
  // Upserts the status entry of p.status_from (InsertPegawai and
  // UpdatePegawai call it).
  void RecordStatus(Tx& tx, const std::string& instansi, const std::string& id,
                    const sisker::v1::Pegawai& p) const;
  // Every status of a pegawai with its period, oldest first.
  std::vector<sisker::v1::Pegawai::StatusPeriod> StatusHistory(
      Tx& tx, const std::string& instansi, const std::string& id) const;
  // The pegawai active on `day` by their status history (or current
  // official) linked to a subject.
  std::optional<sisker::v1::SubjectPerson> PersonBySubject(
      Tx& tx, const std::string& instansi, const std::string& subject,
      absl::CivilDay day) const;
  std::vector<sisker::v1::Pegawai> ListPegawai(Tx& tx,
                                               const std::string& instansi,
                                               const std::string& nip,
                                               const std::string& after,
                                               int limit) const;

  // Placements of a post that are live on some day >= `day`.
  int PlacementsFrom(Tx& tx, const std::string& instansi,
                     const std::string& post, absl::CivilDay day) const;
  std::optional<PlacementRow> LatestPlacement(Tx& tx,
                                              const std::string& instansi,
                                              const std::string& pegawai) const;
  std::optional<PlacementRow> PlacementOn(Tx& tx, const std::string& instansi,
                                          const std::string& pegawai,
                                          absl::CivilDay day) const;
  void EndPlacement(Tx& tx, const std::string& instansi, const std::string& id,
                    absl::CivilDay day) const;
  void InsertPlacement(Tx& tx, const std::string& instansi,
                       const PlacementRow& p) const;

  // The acting appointment of this pegawai in this post that ends on
  // `day`: its id and start.
  std::optional<std::pair<std::string, absl::CivilDay>> ActingEndingOn(
      Tx& tx, const std::string& instansi, const std::string& pegawai,
      const std::string& post, absl::CivilDay day) const;
  bool ActingOverlaps(Tx& tx, const std::string& instansi,
                      const std::string& post, absl::CivilDay from,
                      absl::CivilDay to) const;
  void InsertActing(Tx& tx, const std::string& instansi, const std::string& id,
                    const sisker::v1::ActingAppointment& a,
                    const std::string& pegawai_id, const std::string& post_id,
                    const std::string& extends_id,
                    const std::string& source) const;
  void InsertDelegation(Tx& tx, const std::string& instansi,
                        const std::string& id, const sisker::v1::Delegation& d,
                        const std::string& delegate,
                        const std::string& for_pegawai,
                        const std::string& for_post,
                        const std::string& delegating_post) const;
  void InsertOfficial(Tx& tx, const std::string& instansi,
                      const std::string& id,
                      const sisker::v1::Official& o) const;
  // Personal-data reads, newest first, with their ids (the paging cursor):
  // ids below `before_id` (0 = from the newest).
  std::pair<std::vector<sisker::v1::PersonalDataRead>, std::vector<int64_t>>
  PersonalDataReads(Tx& tx, const std::string& instansi,
                    const std::string& pegawai, const std::string& actor,
                    int64_t before_id, int limit) const;
  // Holders and acting holders of a post over time.
  std::vector<sisker::v1::PostHolding> Holdings(Tx& tx,
                                                const std::string& instansi,
                                                const std::string& post) const;
};

// The structure on one day, read lazily inside one transaction.
class PgStructureSnapshot : public StructureSnapshot {
 public:
  PgStructureSnapshot(common::Tx& tx, std::string instansi, absl::CivilDay day)
      : tx_(tx), instansi_(std::move(instansi)), day_(day) {}

  const PostAt* Post(const std::string& post_id) const override;
  std::optional<Occupant> OccupantOf(const std::string& post_id) const override;
  std::optional<DelegationAt> AssessorDelegation(
      const std::string& pegawai_id, const std::string& post_id) const override;
  bool PdHasAdministratorPost(const std::string& pd_id) const override;
  const PostAt* SekdaPost() const override;
  std::optional<Occupant> Bupati() const override;
  bool UnitWithin(const std::string& unit_id,
                  const std::string& ancestor_id) const override;

  // The SIGNING delegations (a.n./u.b.) a pegawai holds on the day.
  struct SigningDelegation {
    std::string id;
    std::string delegating_post_id;
    std::string mode;  // ATAS_NAMA or UNTUK_BELIAU
    std::string legal_basis;
  };
  std::vector<SigningDelegation> SigningDelegations(
      const std::string& pegawai_id) const;
  // The posts a pegawai holds as Plt/Plh on the day.
  std::vector<std::string> ActingPosts(const std::string& pegawai_id) const;

 private:
  common::Tx& tx_;
  std::string instansi_;
  absl::CivilDay day_;
  PgKedudukanStore store_;
  mutable std::map<std::string, std::optional<PostRow>> posts_;
};

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_PG_KEDUDUKAN_STORE_H_
