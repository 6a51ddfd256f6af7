-- Signed letters and the per-PD, per-year number sequences (numbers are
-- never reused: a cancelled letter keeps its number).
CREATE TABLE letter_sequences (
  instansi_id text NOT NULL,
  pd text NOT NULL,
  year int NOT NULL,
  last_number bigint NOT NULL,
  PRIMARY KEY (instansi_id, pd, year)
);
CREATE TABLE letters (
  instansi_id text NOT NULL,
  id text NOT NULL,
  assignment_id text NOT NULL,
  number text NOT NULL,
  verification_code text NOT NULL UNIQUE,
  state text NOT NULL,
  data bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, number),
  FOREIGN KEY (instansi_id, assignment_id) REFERENCES assignments (instansi_id, id)
);
