-- Attachments (scanned letters, evidence) of this service's resources
-- (ARCHITECTURE.md 6), written and read only through common/attachments.h.
CREATE TABLE attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order: breaks ties between attachments created in one
  -- transaction (they share created_at).
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  instansi_id text NOT NULL CHECK (instansi_id <> ''),
  -- The resource it belongs to, e.g. "instansi/kampar/externalParticipants/x".
  owner_name text NOT NULL CHECK (owner_name <> ''),
  purpose text NOT NULL CHECK (purpose ~ '^[a-z_]{1,40}$'),
  filename text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 255),
  media_type text NOT NULL CHECK (media_type <> ''),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  uploaded_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- octet_length of a bytea reads the stored length, not the value.
  CHECK (octet_length(content) = size_bytes)
);
-- PDF, JPEG and PNG are compressed already: store out of line as is.
ALTER TABLE attachments ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX attachments_owner ON attachments (instansi_id, owner_name, created_at, seq);
