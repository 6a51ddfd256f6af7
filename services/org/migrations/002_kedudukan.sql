-- Kedudukan: posts, pegawai, placements, acting appointments, delegations,
-- officials. Valid time [valid_from, valid_to) in the instansi's time zone.

CREATE TABLE posts (
  instansi_id text NOT NULL REFERENCES instansi (id),
  id text NOT NULL,
  unit_id text NOT NULL,
  display_name text NOT NULL,
  kind text NOT NULL,
  jenjang text NOT NULL DEFAULT '',
  hasil_penyetaraan boolean NOT NULL DEFAULT false,
  formation int NOT NULL CHECK (formation >= 1),
  reports_to text,
  head_of_unit boolean NOT NULL DEFAULT false,
  head_of_pd boolean NOT NULL DEFAULT false,
  sekda boolean NOT NULL DEFAULT false,
  leads_independent_unit boolean NOT NULL DEFAULT false,
  valid_from date NOT NULL,
  valid_to date,
  version bigint NOT NULL DEFAULT 1,
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, unit_id) REFERENCES units (instansi_id, id),
  FOREIGN KEY (instansi_id, reports_to) REFERENCES posts (instansi_id, id)
);
CREATE INDEX posts_by_unit ON posts (instansi_id, unit_id);
CREATE INDEX posts_by_reports_to ON posts (instansi_id, reports_to);

CREATE TABLE pegawai (
  instansi_id text NOT NULL REFERENCES instansi (id),
  id text NOT NULL,
  nip text NOT NULL,
  display_name text NOT NULL,
  gelar_depan text NOT NULL DEFAULT '',
  gelar_belakang text NOT NULL DEFAULT '',
  asn_kind text NOT NULL,
  golongan text NOT NULL DEFAULT '',
  pangkat text NOT NULL DEFAULT '',
  status text NOT NULL,
  status_from date NOT NULL,
  birth_date date NOT NULL,
  subject text,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, nip)
);
CREATE UNIQUE INDEX pegawai_by_subject ON pegawai (instansi_id, subject) WHERE subject IS NOT NULL;

CREATE TABLE placements (
  instansi_id text NOT NULL,
  id text NOT NULL,
  pegawai_id text NOT NULL,
  post_id text NOT NULL,
  kind text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  sk_number text NOT NULL DEFAULT '',
  sk_date date,
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id),
  FOREIGN KEY (instansi_id, post_id) REFERENCES posts (instansi_id, id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX placements_by_pegawai ON placements (instansi_id, pegawai_id, valid_from);
CREATE INDEX placements_by_post ON placements (instansi_id, post_id, valid_from);

CREATE TABLE acting_appointments (
  instansi_id text NOT NULL,
  id text NOT NULL,
  pegawai_id text NOT NULL,
  post_id text NOT NULL,
  kind text NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  surat_perintah text NOT NULL,
  extends_id text,
  eligibility_source text NOT NULL,
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id),
  FOREIGN KEY (instansi_id, post_id) REFERENCES posts (instansi_id, id),
  CHECK (valid_to > valid_from)
);
CREATE INDEX acting_by_post ON acting_appointments (instansi_id, post_id, valid_from);

CREATE TABLE delegations (
  instansi_id text NOT NULL,
  id text NOT NULL,
  kind text NOT NULL,
  delegate_pegawai_id text NOT NULL,
  for_pegawai_id text,
  for_post_id text,
  delegating_post_id text,
  signing_mode text NOT NULL DEFAULT '',
  valid_from date NOT NULL,
  valid_to date,
  legal_basis text NOT NULL,
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, delegate_pegawai_id) REFERENCES pegawai (instansi_id, id)
);
CREATE INDEX delegations_for_pegawai ON delegations (instansi_id, for_pegawai_id);
CREATE INDEX delegations_for_post ON delegations (instansi_id, for_post_id);

CREATE TABLE officials (
  instansi_id text NOT NULL REFERENCES instansi (id),
  id text NOT NULL,
  role text NOT NULL,
  display_name text NOT NULL,
  subject text,
  valid_from date NOT NULL,
  valid_to date,
  PRIMARY KEY (instansi_id, id)
);
