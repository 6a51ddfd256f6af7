-- Teams (tim kerja). Each row keeps the whole resource (data: the
-- serialized message) and the columns the queries need.
CREATE TABLE teams (
  instansi_id text NOT NULL,
  id text NOT NULL,
  state text NOT NULL,
  owner_unit text NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  data bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id)
);

-- Who takes part in or oversees a team (member, lead, accountable, former,
-- a member's PPK and home head), for "my teams" and for reading.
CREATE TABLE team_people (
  instansi_id text NOT NULL,
  team_id text NOT NULL,
  person text NOT NULL,
  why text NOT NULL,
  PRIMARY KEY (instansi_id, person, team_id, why)
);
CREATE INDEX team_people_by_team ON team_people (instansi_id, team_id);

-- Everything under a team: activities, reports, report requests, feedback,
-- member results, escalations, coordination notes (kind), newest first.
CREATE TABLE team_items (
  instansi_id text NOT NULL,
  team_id text NOT NULL,
  kind text NOT NULL,
  id text NOT NULL,
  state text NOT NULL,
  author text NOT NULL,
  -- activities: the due date; reports: the period's end.
  sort_key text NOT NULL DEFAULT '',
  version bigint NOT NULL DEFAULT 1,
  data bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (instansi_id, team_id, kind, id)
);
CREATE INDEX team_items_recent
  ON team_items (instansi_id, team_id, kind, create_time DESC, id);
CREATE INDEX team_items_open_activities
  ON team_items (instansi_id, team_id, sort_key)
  WHERE kind = 'activity' AND state IN ('TODO', 'IN_PROGRESS');
CREATE INDEX team_items_by_author
  ON team_items (instansi_id, author, kind, sort_key);

-- What each person must do (ListTeamworkActions), replaced with the item.
CREATE TABLE team_actions (
  instansi_id text NOT NULL,
  team_id text NOT NULL,
  resource text NOT NULL,
  person text NOT NULL,
  kind text NOT NULL,
  summary text NOT NULL,
  due_date date,
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, resource, person, kind)
);
CREATE INDEX team_actions_by_person
  ON team_actions (instansi_id, person, since, resource);

-- The dashboard, rebuilt in every write to the team.
CREATE TABLE team_dashboards (
  instansi_id text NOT NULL,
  team_id text NOT NULL,
  version bigint NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (instansi_id, team_id)
);
