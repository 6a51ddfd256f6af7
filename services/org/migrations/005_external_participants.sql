-- People of another institution who join this instansi's assignments or
-- teams (ARCHITECTURE.md 1): name, origin, the home agency's letter.
CREATE TABLE external_participants (
  instansi_id text NOT NULL REFERENCES instansi (id),
  id text NOT NULL,
  display_name text NOT NULL,
  gelar_depan text NOT NULL DEFAULT '',
  gelar_belakang text NOT NULL DEFAULT '',
  origin_institution text NOT NULL,
  origin_position text NOT NULL DEFAULT '',
  home_letter_number text NOT NULL,
  home_letter_date date NOT NULL,
  home_letter_attachment uuid REFERENCES attachments (id),
  valid_from date NOT NULL,
  valid_to date,
  subject text,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  CHECK (valid_to IS NULL OR valid_to > valid_from)
);
CREATE UNIQUE INDEX external_participants_by_subject
  ON external_participants (instansi_id, subject) WHERE subject IS NOT NULL;
