-- Letters change state (cancelled, superseded) under optimistic locking;
-- their PDFs are rendered once per state and kept. Pending actions address
-- each official's inbox: one row per (resource, official, person), with
-- the post the official sat in, so a new holder of that post sees it too.
ALTER TABLE letters ADD COLUMN version bigint NOT NULL DEFAULT 1;
CREATE TABLE letter_pdfs (
  instansi_id text NOT NULL,
  letter_id text NOT NULL,
  state text NOT NULL,
  content bytea NOT NULL,
  sha256 text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, letter_id, state),
  FOREIGN KEY (instansi_id, letter_id) REFERENCES letters (instansi_id, id)
);
CREATE TABLE pending_actions (
  instansi_id text NOT NULL,
  assignment_id text NOT NULL,
  resource text NOT NULL,
  official text NOT NULL,
  person text NOT NULL,
  post text NOT NULL DEFAULT '',
  summary bytea NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, resource, official, person),
  FOREIGN KEY (instansi_id, assignment_id) REFERENCES assignments (instansi_id, id)
);
CREATE INDEX pending_actions_by_person ON pending_actions (instansi_id, person, since);
CREATE INDEX pending_actions_by_post ON pending_actions (instansi_id, post, since);
CREATE INDEX pending_actions_by_assignment ON pending_actions (instansi_id, assignment_id);
CREATE INDEX letters_by_assignment ON letters (instansi_id, assignment_id);
