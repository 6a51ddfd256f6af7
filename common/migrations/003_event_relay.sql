-- The relay's work lists: events without a position (to number) and
-- numbered events not yet marked published (to publish, in order).
DROP INDEX IF EXISTS events_unpublished;
CREATE INDEX events_unnumbered ON events (occurred_at) WHERE position IS NULL;
CREATE INDEX events_unpublished ON events (position) WHERE published_at IS NULL;
CREATE INDEX events_published_at ON events (published_at);

-- Consumers (common/event_consumer.h) keep their place in their own
-- database and apply each event id once.
CREATE TABLE consumer_positions (
  consumer text PRIMARY KEY,
  position bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE consumed_events (
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  position bigint NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX consumed_events_applied_at ON consumed_events (applied_at);
