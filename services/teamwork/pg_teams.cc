// PostgreSQL access for teams, their items, inbox lines and dashboards.
#include "services/teamwork/pg_teams.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "common/prepared.h"
#include "google/protobuf/util/time_util.h"

namespace sisker::teamwork {
namespace {

namespace v1 = ::sisker::v1;
using common::ExecPrepared;
using common::ExecPrepared0;

std::string Bytes(const pqxx::field& f) { return pqxx::binarystring(f).str(); }

StoredTeam ReadTeam(const pqxx::row& r) {
  StoredTeam t;
  t.team.ParseFromString(Bytes(r[0]));
  t.version = r[1].as<int64_t>();
  t.team.set_etag(std::to_string(t.version));
  v1::Team::State state = v1::Team::STATE_UNSPECIFIED;
  v1::Team::State_Parse(r[2].as<std::string>(), &state);
  t.team.set_state(state);
  google::protobuf::util::TimeUtil::FromString(r[3].as<std::string>(),
                                               t.team.mutable_update_time());
  google::protobuf::util::TimeUtil::FromString(r[4].as<std::string>(),
                                               t.team.mutable_create_time());
  return t;
}

constexpr char kTeamColumns[] =
    "data, version, state, to_char(update_time AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), to_char(create_time AT TIME "
    "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

}  // namespace

void PgTeams::InsertTeam(Tx& tx, const std::string& instansi,
                         const std::string& id, const v1::Team& team) const {
  v1::Team stored = team;
  stored.clear_etag();
  ExecPrepared0(tx, "tw_insert_team",
                "INSERT INTO teams (instansi_id, id, state, owner_unit, data) "
                "VALUES ($1, $2, $3, $4, $5)",
                instansi, id, v1::Team::State_Name(team.state()),
                team.owner_unit(),
                pqxx::binarystring(stored.SerializeAsString()));
}

std::optional<StoredTeam> PgTeams::GetTeam(Tx& tx, const std::string& instansi,
                                           const std::string& id,
                                           bool for_update) const {
  auto rows = ExecPrepared(
      tx, for_update ? "tw_get_team_for_update" : "tw_get_team",
      absl::StrCat("SELECT ", kTeamColumns,
                   " FROM teams WHERE instansi_id = $1 AND id = $2",
                   for_update ? " FOR UPDATE" : ""),
      instansi, id);
  if (rows.empty()) return std::nullopt;
  return ReadTeam(rows[0]);
}

bool PgTeams::UpdateTeam(Tx& tx, const std::string& instansi,
                         const std::string& id, const v1::Team& team,
                         int64_t version) const {
  v1::Team stored = team;
  stored.clear_etag();
  stored.clear_update_time();
  return ExecPrepared(tx, "tw_update_team",
                      "UPDATE teams SET state = $3, data = $4, version = "
                      "version + 1, update_time = now() WHERE instansi_id = $1 "
                      "AND id = $2 AND version = $5",
                      instansi, id, v1::Team::State_Name(team.state()),
                      pqxx::binarystring(stored.SerializeAsString()), version)
             .affected_rows() == 1;
}

std::vector<StoredTeam> PgTeams::TeamsOf(Tx& tx, const std::string& instansi,
                                         const std::string& person,
                                         const std::string& state, int offset,
                                         int limit) const {
  auto rows = ExecPrepared(
      tx, "tw_teams_of",
      absl::StrCat("SELECT ", kTeamColumns,
                   " FROM teams t WHERE t.instansi_id = $1 AND t.id IN "
                   "(SELECT team_id FROM team_people WHERE instansi_id = $1 "
                   "AND person = $2) AND ($3 = '' OR t.state = $3) ORDER BY "
                   "t.create_time DESC, t.id DESC OFFSET $4 LIMIT $5"),
      instansi, person, state, offset, limit);
  std::vector<StoredTeam> out;
  for (const auto& r : rows) out.push_back(ReadTeam(r));
  return out;
}

void PgTeams::ReplacePeople(
    Tx& tx, const std::string& instansi, const std::string& team_id,
    const std::vector<std::pair<std::string, std::string>>& people) const {
  ExecPrepared0(tx, "tw_delete_people",
                "DELETE FROM team_people WHERE instansi_id = $1 AND team_id = "
                "$2",
                instansi, team_id);
  for (const auto& [person, why] : people) {
    ExecPrepared0(tx, "tw_insert_person",
                  "INSERT INTO team_people (instansi_id, team_id, person, "
                  "why) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                  instansi, team_id, person, why);
  }
}

bool PgTeams::IsPerson(Tx& tx, const std::string& instansi,
                       const std::string& team_id,
                       const std::string& person) const {
  return !ExecPrepared(tx, "tw_is_person",
                       "SELECT 1 FROM team_people WHERE instansi_id = $1 AND "
                       "person = $3 AND team_id = $2 LIMIT 1",
                       instansi, team_id, person)
              .empty();
}

void PgTeams::InsertItem(Tx& tx, const std::string& instansi,
                         const std::string& team_id, const std::string& kind,
                         const std::string& id, const std::string& state,
                         const std::string& author, const std::string& sort_key,
                         const google::protobuf::Message& item) const {
  ExecPrepared0(tx, "tw_insert_item",
                "INSERT INTO team_items (instansi_id, team_id, kind, id, "
                "state, author, sort_key, data) VALUES ($1, $2, $3, $4, $5, "
                "$6, $7, $8)",
                instansi, team_id, kind, id, state, author, sort_key,
                pqxx::binarystring(item.SerializeAsString()));
}

std::optional<StoredItem> PgTeams::GetItem(Tx& tx, const std::string& instansi,
                                           const std::string& team_id,
                                           const std::string& kind,
                                           const std::string& id,
                                           bool for_update) const {
  auto rows = ExecPrepared(
      tx, for_update ? "tw_get_item_for_update" : "tw_get_item",
      absl::StrCat("SELECT data, state, author, version FROM team_items "
                   "WHERE instansi_id = $1 AND team_id = $2 AND kind = $3 "
                   "AND id = $4",
                   for_update ? " FOR UPDATE" : ""),
      instansi, team_id, kind, id);
  if (rows.empty()) return std::nullopt;
  return StoredItem{Bytes(rows[0][0]), rows[0][1].as<std::string>(),
                    rows[0][2].as<std::string>(), rows[0][3].as<int64_t>()};
}

bool PgTeams::UpdateItem(Tx& tx, const std::string& instansi,
                         const std::string& team_id, const std::string& kind,
                         const std::string& id, const std::string& state,
                         const std::string& sort_key,
                         const google::protobuf::Message& item,
                         int64_t version) const {
  return ExecPrepared(tx, "tw_update_item",
                      "UPDATE team_items SET state = $5, sort_key = $6, data "
                      "= $7, version = version + 1 WHERE instansi_id = $1 AND "
                      "team_id = $2 AND kind = $3 AND id = $4 AND version = $8",
                      instansi, team_id, kind, id, state, sort_key,
                      pqxx::binarystring(item.SerializeAsString()), version)
             .affected_rows() == 1;
}

std::vector<StoredItem> PgTeams::ListItems(Tx& tx, const std::string& instansi,
                                           const std::string& team_id,
                                           const std::string& kind, int offset,
                                           int limit) const {
  auto rows = ExecPrepared(
      tx, "tw_list_items",
      "SELECT data, state, author, version FROM team_items WHERE instansi_id "
      "= $1 AND team_id = $2 AND kind = $3 ORDER BY create_time DESC, id DESC "
      "OFFSET $4 LIMIT $5",
      instansi, team_id, kind, offset, limit);
  std::vector<StoredItem> out;
  for (const auto& r : rows) {
    out.push_back({Bytes(r[0]), r[1].as<std::string>(), r[2].as<std::string>(),
                   r[3].as<int64_t>()});
  }
  return out;
}

std::vector<StoredItem> PgTeams::ItemsIn(Tx& tx, const std::string& instansi,
                                         const std::string& team_id,
                                         const std::string& kind,
                                         const std::vector<std::string>& states,
                                         int limit) const {
  auto rows = ExecPrepared(
      tx, "tw_items_in",
      "SELECT data, state, author, version FROM team_items WHERE instansi_id "
      "= $1 AND team_id = $2 AND kind = $3 AND state = ANY(string_to_array($4, "
      "',')) ORDER BY sort_key, create_time, id LIMIT $5",
      instansi, team_id, kind, absl::StrJoin(states, ","), limit);
  std::vector<StoredItem> out;
  for (const auto& r : rows) {
    out.push_back({Bytes(r[0]), r[1].as<std::string>(), r[2].as<std::string>(),
                   r[3].as<int64_t>()});
  }
  return out;
}

std::vector<std::pair<std::string, int>> PgTeams::CountByState(
    Tx& tx, const std::string& instansi, const std::string& team_id,
    const std::string& kind) const {
  auto rows = ExecPrepared(
      tx, "tw_count_by_state",
      "SELECT state, count(*) FROM team_items WHERE instansi_id = $1 AND "
      "team_id = $2 AND kind = $3 GROUP BY state ORDER BY state",
      instansi, team_id, kind);
  std::vector<std::pair<std::string, int>> out;
  for (const auto& r : rows)
    out.emplace_back(r[0].as<std::string>(), r[1].as<int>());
  return out;
}

std::map<std::string, std::string> PgTeams::LastReportEnds(
    Tx& tx, const std::string& instansi, const std::string& team_id) const {
  auto rows = ExecPrepared(
      tx, "tw_last_report_ends",
      "SELECT author, max(sort_key) FROM team_items WHERE instansi_id = $1 "
      "AND team_id = $2 AND kind = 'report' GROUP BY author",
      instansi, team_id);
  std::map<std::string, std::string> out;
  for (const auto& r : rows)
    out[r[0].as<std::string>()] = r[1].as<std::string>();
  return out;
}

std::optional<std::string> PgTeams::LastReportEnd(
    Tx& tx, const std::string& instansi, const std::string& team_id,
    const std::string& author) const {
  auto rows = ExecPrepared(
      tx, "tw_last_report_end",
      "SELECT max(sort_key) FROM team_items WHERE instansi_id = $1 AND "
      "author = $3 AND kind = 'report' AND team_id = $2",
      instansi, team_id, author);
  if (rows.empty() || rows[0][0].is_null()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

void PgTeams::ReplaceActions(Tx& tx, const std::string& instansi,
                             const std::string& team_id,
                             const std::string& resource,
                             const std::vector<ActionRow>& rows) const {
  ExecPrepared0(tx, "tw_delete_actions",
                "DELETE FROM team_actions WHERE instansi_id = $1 AND resource "
                "= $2",
                instansi, resource);
  for (const ActionRow& a : rows) {
    ExecPrepared0(tx, "tw_insert_action",
                  "INSERT INTO team_actions (instansi_id, team_id, resource, "
                  "person, kind, summary, due_date) VALUES ($1, $2, $3, $4, "
                  "$5, $6, $7::date) ON CONFLICT DO NOTHING",
                  instansi, team_id, resource, a.person,
                  v1::TeamworkAction::Kind_Name(a.kind), a.summary, a.due_date);
  }
}

std::vector<v1::TeamworkAction> PgTeams::ActionsOf(Tx& tx,
                                                   const std::string& instansi,
                                                   const std::string& person,
                                                   int offset,
                                                   int limit) const {
  auto rows = ExecPrepared(
      tx, "tw_actions_of",
      "SELECT a.resource, a.team_id, a.kind, a.summary, "
      "coalesce(to_char(a.due_date, 'YYYY-MM-DD'), ''), to_char(a.since AT "
      "TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM team_actions a LEFT JOIN "
      "teams "
      "t ON t.instansi_id = a.instansi_id AND t.id = a.team_id WHERE "
      "a.instansi_id = $1 AND a.person = $2 AND (t.state IN ('PLANNING', "
      "'EXECUTION', 'EVALUATION') OR (t.id IS NULL AND a.team_id LIKE "
      "'asg-%')) ORDER BY a.since, a.resource, a.kind OFFSET $3 LIMIT $4",
      instansi, person, offset, limit);
  std::vector<v1::TeamworkAction> out;
  for (const auto& r : rows) {
    v1::TeamworkAction a;
    a.set_resource(r[0].as<std::string>());
    const std::string team_id = r[1].as<std::string>();
    // An individual assignment's items are keyed "asg-{a}".
    a.set_team(team_id.rfind("asg-", 0) == 0
                   ? absl::StrCat("instansi/", instansi, "/assignments/",
                                  team_id.substr(4))
                   : absl::StrCat("instansi/", instansi, "/teams/", team_id));
    v1::TeamworkAction::Kind kind = v1::TeamworkAction::KIND_UNSPECIFIED;
    v1::TeamworkAction::Kind_Parse(r[2].as<std::string>(), &kind);
    a.set_kind(kind);
    a.set_summary(r[3].as<std::string>());
    auto day = common::ParseIsoDate(r[4].as<std::string>());
    if (day.ok()) *a.mutable_due_date() = common::ToProtoDate(*day);
    google::protobuf::util::TimeUtil::FromString(r[5].as<std::string>(),
                                                 a.mutable_since());
    out.push_back(std::move(a));
  }
  return out;
}

void PgTeams::PutDashboard(Tx& tx, const std::string& instansi,
                           const std::string& team_id, int64_t version,
                           const std::string& data) const {
  ExecPrepared0(tx, "tw_put_dashboard",
                "INSERT INTO team_dashboards (instansi_id, team_id, version, "
                "data) VALUES ($1, $2, $3, $4) ON CONFLICT (instansi_id, "
                "team_id) DO UPDATE SET version = EXCLUDED.version, data = "
                "EXCLUDED.data",
                instansi, team_id, version, pqxx::binarystring(data));
}

std::optional<PgTeams::DashboardRow> PgTeams::GetDashboard(
    Tx& tx, const std::string& instansi, const std::string& team_id,
    const std::string& person) const {
  auto rows = ExecPrepared(
      tx, "tw_get_dashboard",
      "SELECT d.data, EXISTS (SELECT 1 FROM team_people p WHERE "
      "p.instansi_id = $1 AND p.person = $3 AND p.team_id = $2) FROM "
      "team_dashboards d WHERE d.instansi_id = $1 AND d.team_id = $2",
      instansi, team_id, person);
  if (rows.empty()) return std::nullopt;
  return DashboardRow{Bytes(rows[0][0]), rows[0][1].as<bool>()};
}

}  // namespace sisker::teamwork
