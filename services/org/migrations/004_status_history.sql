-- A pegawai's status over time (active, leave, study leave, retired,
-- dismissed), each from its date: a retirement recorded ahead takes effect
-- on its day. pegawai.status keeps the latest entry for listing.
CREATE TABLE pegawai_status_history (
  instansi_id text NOT NULL,
  pegawai_id text NOT NULL,
  valid_from date NOT NULL,
  status text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, pegawai_id, valid_from),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id)
);

INSERT INTO pegawai_status_history (instansi_id, pegawai_id, valid_from, status)
SELECT instansi_id, id, status_from, status FROM pegawai;
