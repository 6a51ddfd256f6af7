-- Org structure: instansi, Perangkat Daerah and units (effective-dated,
-- valid time [valid_from, valid_to) in the instansi's time zone), role grants.

CREATE TABLE instansi (
  id text PRIMARY KEY,
  display_name text NOT NULL,
  time_zone text NOT NULL,
  policy_profile text NOT NULL,
  policy_profile_version int NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);

-- One row per PD; its attributes over time are in perangkat_daerah_versions.
CREATE TABLE perangkat_daerah (
  instansi_id text NOT NULL REFERENCES instansi (id),
  id text NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id)
);

CREATE TABLE perangkat_daerah_versions (
  instansi_id text NOT NULL,
  pd_id text NOT NULL,
  seq int NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  display_name text NOT NULL,
  kind text NOT NULL,
  code text NOT NULL DEFAULT '',
  successor_id text,
  PRIMARY KEY (instansi_id, pd_id, seq),
  FOREIGN KEY (instansi_id, pd_id) REFERENCES perangkat_daerah (instansi_id, id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX pd_versions_by_date ON perangkat_daerah_versions (instansi_id, valid_from);

CREATE TABLE units (
  instansi_id text NOT NULL REFERENCES instansi (id),
  id text NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id)
);

CREATE TABLE unit_versions (
  instansi_id text NOT NULL,
  unit_id text NOT NULL,
  seq int NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  pd_id text NOT NULL,
  parent_unit_id text,
  display_name text NOT NULL,
  kind text NOT NULL,
  successor_id text,
  PRIMARY KEY (instansi_id, unit_id, seq),
  FOREIGN KEY (instansi_id, unit_id) REFERENCES units (instansi_id, id),
  FOREIGN KEY (instansi_id, pd_id) REFERENCES perangkat_daerah (instansi_id, id),
  FOREIGN KEY (instansi_id, parent_unit_id) REFERENCES units (instansi_id, id),
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX unit_versions_by_pd ON unit_versions (instansi_id, pd_id);
CREATE INDEX unit_versions_by_parent ON unit_versions (instansi_id, parent_unit_id);

CREATE TABLE role_grants (
  instansi_id text NOT NULL REFERENCES instansi (id),
  id text NOT NULL,
  subject text NOT NULL,
  role text NOT NULL,
  scope_pd_id text,
  valid_from date NOT NULL,
  valid_to date,
  granted_by text NOT NULL,
  reason text NOT NULL DEFAULT '',
  revoked boolean NOT NULL DEFAULT false,
  revoked_by text NOT NULL DEFAULT '',
  revoke_reason text NOT NULL DEFAULT '',
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, scope_pd_id) REFERENCES perangkat_daerah (instansi_id, id)
);
CREATE INDEX role_grants_by_subject ON role_grants (instansi_id, subject);
