// PostgreSQL access for teams and everything under them. Rows keep the
// serialized resource; the version column is the etag. Every write that
// decides on a team locks its row first (GetTeam with for_update), so the
// service runs at READ COMMITTED.
#ifndef SISKER_SERVICES_TEAMWORK_PG_TEAMS_H_
#define SISKER_SERVICES_TEAMWORK_PG_TEAMS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/pg_transaction.h"
#include "sisker/v1/teamwork.pb.h"

namespace sisker::teamwork {

using common::Tx;

struct StoredTeam {
  sisker::v1::Team team;  // etag and update_time filled from the row
  int64_t version = 0;
};

struct StoredItem {
  std::string data;  // the serialized resource
  std::string state;
  std::string author;
  int64_t version = 0;
};

// One line of a person's inbox.
struct ActionRow {
  std::string person;
  sisker::v1::TeamworkAction::Kind kind;
  std::string summary;
  std::optional<std::string> due_date;  // ISO
};

// A stored item as its message, with the row's version as its etag (for
// the messages that have one).
template <typename M>
M ParseItem(const StoredItem& item) {
  M m;
  m.ParseFromString(item.data);
  if (const auto* etag = M::descriptor()->FindFieldByName("etag"))
    m.GetReflection()->SetString(&m, etag, std::to_string(item.version));
  return m;
}

class PgTeams {
 public:
  void InsertTeam(Tx& tx, const std::string& instansi, const std::string& id,
                  const sisker::v1::Team& team) const;
  std::optional<StoredTeam> GetTeam(Tx& tx, const std::string& instansi,
                                    const std::string& id,
                                    bool for_update) const;
  // False when the row's version is not `version` any more.
  bool UpdateTeam(Tx& tx, const std::string& instansi, const std::string& id,
                  const sisker::v1::Team& team, int64_t version) const;
  // The teams `person` takes part in or oversees, newest first, `offset`
  // skipped, optionally only those in `state`.
  std::vector<StoredTeam> TeamsOf(Tx& tx, const std::string& instansi,
                                  const std::string& person,
                                  const std::string& state, int offset,
                                  int limit) const;
  // Replaces the team's people rows: (person, why).
  void ReplacePeople(
      Tx& tx, const std::string& instansi, const std::string& team_id,
      const std::vector<std::pair<std::string, std::string>>& people) const;
  bool IsPerson(Tx& tx, const std::string& instansi, const std::string& team_id,
                const std::string& person) const;

  void InsertItem(Tx& tx, const std::string& instansi,
                  const std::string& team_id, const std::string& kind,
                  const std::string& id, const std::string& state,
                  const std::string& author, const std::string& sort_key,
                  const google::protobuf::Message& item) const;
  std::optional<StoredItem> GetItem(Tx& tx, const std::string& instansi,
                                    const std::string& team_id,
                                    const std::string& kind,
                                    const std::string& id,
                                    bool for_update) const;
  bool UpdateItem(Tx& tx, const std::string& instansi,
                  const std::string& team_id, const std::string& kind,
                  const std::string& id, const std::string& state,
                  const std::string& sort_key,
                  const google::protobuf::Message& item, int64_t version) const;
  // Newest first, `offset` rows skipped; (data, version) pairs.
  std::vector<StoredItem> ListItems(Tx& tx, const std::string& instansi,
                                    const std::string& team_id,
                                    const std::string& kind, int offset,
                                    int limit) const;
  // Items of `kind` in one of `states` (comma-free state names), ordered by
  // sort_key then creation, at most `limit`.
  std::vector<StoredItem> ItemsIn(Tx& tx, const std::string& instansi,
                                  const std::string& team_id,
                                  const std::string& kind,
                                  const std::vector<std::string>& states,
                                  int limit) const;
  // Count of the team's items of `kind` by state.
  std::vector<std::pair<std::string, int>> CountByState(
      Tx& tx, const std::string& instansi, const std::string& team_id,
      const std::string& kind) const;
  // The latest period end of each author's reports in the team.
  std::map<std::string, std::string> LastReportEnds(
      Tx& tx, const std::string& instansi, const std::string& team_id) const;
  // The latest sort_key (period end) of `author`'s reports in the team.
  std::optional<std::string> LastReportEnd(Tx& tx, const std::string& instansi,
                                           const std::string& team_id,
                                           const std::string& author) const;

  // Replaces the inbox lines of one resource.
  void ReplaceActions(Tx& tx, const std::string& instansi,
                      const std::string& team_id, const std::string& resource,
                      const std::vector<ActionRow>& rows) const;
  std::vector<sisker::v1::TeamworkAction> ActionsOf(Tx& tx,
                                                    const std::string& instansi,
                                                    const std::string& person,
                                                    int offset,
                                                    int limit) const;

  void PutDashboard(Tx& tx, const std::string& instansi,
                    const std::string& team_id, int64_t version,
                    const std::string& data) const;
  // The dashboard, if `person` is one of the team's people (or `person` is
  // empty); `is_person` tells which.
  struct DashboardRow {
    std::string data;
    bool is_person = false;
  };
  std::optional<DashboardRow> GetDashboard(Tx& tx, const std::string& instansi,
                                           const std::string& team_id,
                                           const std::string& person) const;
};

}  // namespace sisker::teamwork

#endif  // SISKER_SERVICES_TEAMWORK_PG_TEAMS_H_
