-- Webhook subscriptions to the event log (issue 6): where to POST, how far delivery got, and the
-- events given up on after the maximum number of attempts (dead letters).

CREATE TABLE event_subscriptions (
  id              CHAR(32)      NOT NULL PRIMARY KEY,
  url             VARCHAR(2048) NOT NULL,
  hmac_vault      VARCHAR(127)  NOT NULL,
  hmac_name       VARCHAR(127)  NOT NULL,
  event_format    VARCHAR(16)   NOT NULL,
  insecure_ok     INTEGER       NOT NULL,
  created         BIGINT        NOT NULL,
  cursor_seq      BIGINT        NOT NULL,
  failures        INTEGER       NOT NULL,
  next_attempt_at BIGINT,
  last_error      VARCHAR(512),
  lease_owner     VARCHAR(64),
  lease_until     BIGINT
);

CREATE TABLE event_dead_letters (
  subscription_id CHAR(32)     NOT NULL,
  seq             BIGINT       NOT NULL,
  event_type      VARCHAR(64)  NOT NULL,
  vault           VARCHAR(127) NOT NULL,
  name            VARCHAR(127) NOT NULL,
  version         VARCHAR(32)  NOT NULL,
  error           VARCHAR(512) NOT NULL,
  dead_at         BIGINT       NOT NULL,
  PRIMARY KEY (subscription_id, seq)
);
