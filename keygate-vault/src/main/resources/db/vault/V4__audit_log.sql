-- The audit trail: one row per audited access or change, never a value. entry_id sorts by time
-- (13 hex digits of epoch milliseconds, then a random suffix); at is epoch milliseconds.
CREATE TABLE audit_log (
  entry_id     VARCHAR(40)   NOT NULL PRIMARY KEY,
  at           BIGINT        NOT NULL,
  principals   TEXT          NOT NULL,
  on_behalf_of VARCHAR(300)  NOT NULL,
  via          VARCHAR(300)  NOT NULL,
  api          VARCHAR(300)  NOT NULL,
  action       VARCHAR(64)   NOT NULL,
  vault        VARCHAR(127)  NOT NULL,
  name         VARCHAR(700)  NOT NULL,
  version      VARCHAR(64)   NOT NULL,
  outcome      VARCHAR(16)   NOT NULL,
  code         VARCHAR(64)   NOT NULL,
  request_id   VARCHAR(200)  NOT NULL
);

CREATE INDEX audit_log_at ON audit_log (at);
