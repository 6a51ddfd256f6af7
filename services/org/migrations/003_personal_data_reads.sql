-- Reads of personal data (UU 27/2022): who read whose personal fields, when.
CREATE TABLE personal_data_reads (
  id bigserial PRIMARY KEY,
  instansi_id text NOT NULL,
  actor_subject text NOT NULL,
  actor_kind text NOT NULL,
  subject_id text NOT NULL,
  fields text NOT NULL,
  method text NOT NULL,
  trace_id text NOT NULL DEFAULT '',
  read_at timestamptz NOT NULL
);
CREATE INDEX personal_data_reads_by_subject ON personal_data_reads (instansi_id, subject_id, read_at);
CREATE INDEX personal_data_reads_by_actor ON personal_data_reads (instansi_id, actor_subject, read_at);
