-- Platform tables of every service schema (search_path = the schema).

-- Who changed what, when and why (one row per state change).
CREATE TABLE history (
  id bigserial PRIMARY KEY,
  instansi_id text NOT NULL,
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  aggregate_version bigint NOT NULL,
  action text NOT NULL,
  actor_subject text NOT NULL,
  actor_kind text NOT NULL,
  reason text NOT NULL DEFAULT '',
  request_id text NOT NULL DEFAULT '',
  trace_id text NOT NULL DEFAULT '',
  profile_version text NOT NULL DEFAULT '',
  snapshot jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX history_aggregate ON history (instansi_id, aggregate_type, aggregate_id, id);

-- The event log (ARCHITECTURE.md 6). `position` is assigned by the relay at
-- publish time, so a transaction that commits late is never skipped.
CREATE TABLE events (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  source text NOT NULL,
  aggregate_name text NOT NULL,
  aggregate_version bigint NOT NULL,
  instansi_id text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  traceparent text NOT NULL DEFAULT '',
  payload_type text NOT NULL,
  payload bytea NOT NULL,
  position bigint UNIQUE,
  published_at timestamptz
);
CREATE INDEX events_unpublished ON events (occurred_at) WHERE position IS NULL;

-- AIP-155 request ids: scoped to principal + method, kept at least 24 h.
CREATE TABLE idempotency (
  principal text NOT NULL,
  method text NOT NULL,
  request_id text NOT NULL,
  request_hash text NOT NULL,
  response bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, method, request_id)
);
CREATE INDEX idempotency_created ON idempotency (created_at);
