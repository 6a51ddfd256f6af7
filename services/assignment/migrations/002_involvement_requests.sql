-- Involvement requests (PSR 9(3)-(4), 10(2)-(3)): data is the
-- sisker.v1.InvolvementRequest as it stands.
CREATE TABLE involvement_requests (
  instansi_id text NOT NULL,
  id text NOT NULL,
  assignment_id text NOT NULL,
  state text NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  data bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, assignment_id) REFERENCES assignments (instansi_id, id)
);
