-- Rotation (issue 6): policies, the per-secret claim/intent row, the rotation history and the
-- bounded event log behind the event stream. Dialect-neutral like V1; times are Unix seconds.
-- Secret names are stored as the secret's canonical (first-created) case.

CREATE TABLE rotation_policies (
  vault   VARCHAR(127) NOT NULL,
  name    VARCHAR(127) NOT NULL,
  policy  TEXT         NOT NULL,
  updated BIGINT       NOT NULL,
  PRIMARY KEY (vault, name)
);

CREATE TABLE rotation_state (
  vault            VARCHAR(127) NOT NULL,
  name             VARCHAR(127) NOT NULL,
  lease_owner      VARCHAR(64),
  lease_until      BIGINT,
  phase            VARCHAR(16)  NOT NULL,
  intent_id        CHAR(32),
  trigger_reason   VARCHAR(32),
  credential       VARCHAR(127),
  previous_version CHAR(32),
  new_version      CHAR(32),
  started          BIGINT,
  attempts         INTEGER      NOT NULL,
  next_attempt_at  BIGINT,
  PRIMARY KEY (vault, name)
);

CREATE TABLE rotation_history (
  id               CHAR(32)      NOT NULL PRIMARY KEY,
  vault            VARCHAR(127)  NOT NULL,
  name             VARCHAR(127)  NOT NULL,
  started          BIGINT        NOT NULL,
  finished         BIGINT        NOT NULL,
  outcome          VARCHAR(16)   NOT NULL,
  trigger_reason   VARCHAR(32)   NOT NULL,
  credential       VARCHAR(127),
  previous_version CHAR(32),
  new_version      CHAR(32),
  error            VARCHAR(1024),
  disable_at       BIGINT,
  disabled         INTEGER       NOT NULL
);

CREATE INDEX rotation_history_secret ON rotation_history (vault, name, started);
CREATE INDEX rotation_history_overlap ON rotation_history (disabled, disable_at);

CREATE TABLE vault_events (
  seq        BIGINT        NOT NULL PRIMARY KEY,
  id         CHAR(36)      NOT NULL,
  once_key   VARCHAR(400)  NOT NULL,
  event_type VARCHAR(64)   NOT NULL,
  vault      VARCHAR(127)  NOT NULL,
  name       VARCHAR(127)  NOT NULL,
  version    VARCHAR(32)   NOT NULL,
  event_time BIGINT        NOT NULL,
  nbf        BIGINT,
  exp        BIGINT
);

CREATE UNIQUE INDEX vault_events_once ON vault_events (once_key);
