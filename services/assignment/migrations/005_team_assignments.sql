-- Team assignments (DOMAIN.md 3.2, the rows for teams): data is the
-- sisker.v1.TeamAssignment as it stands; each member's assignment points at
-- it. Pending actions group by assignment or team assignment id, so the
-- foreign key to assignments goes.
CREATE TABLE team_assignments (
  instansi_id text NOT NULL,
  id text NOT NULL,
  team text NOT NULL,
  state text NOT NULL,
  created_by text NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  data bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id)
);
CREATE INDEX team_assignments_by_team ON team_assignments (instansi_id, team);
ALTER TABLE assignments ADD COLUMN team_assignment_id text;
CREATE INDEX assignments_by_team ON assignments (instansi_id, team_assignment_id)
  WHERE team_assignment_id IS NOT NULL;
ALTER TABLE pending_actions
  DROP CONSTRAINT pending_actions_instansi_id_assignment_id_fkey;
