-- Assignments (penugasan). The row keeps the whole resource as it stands
-- (data: sisker.v1.Assignment) and the columns the queries need.
CREATE TABLE assignments (
  instansi_id text NOT NULL,
  id text NOT NULL,
  assignee text NOT NULL,
  state text NOT NULL,
  created_by text NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  data bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id)
);
CREATE INDEX assignments_by_assignee
  ON assignments (instansi_id, assignee, create_time DESC, id);
