-- One dialect-neutral schema for SQLite and PostgreSQL. Values and keys are stored as base64
-- text of sealed bytes (never plaintext); times are Unix seconds; booleans are 0/1.

CREATE TABLE vault_meta (
  meta_key   VARCHAR(64)   NOT NULL PRIMARY KEY,
  meta_value VARCHAR(4096) NOT NULL
);

CREATE TABLE vaults (
  name    VARCHAR(127) NOT NULL PRIMARY KEY,
  created BIGINT       NOT NULL
);

CREATE TABLE secrets (
  vault           VARCHAR(127) NOT NULL,
  name            VARCHAR(127) NOT NULL,
  current_version CHAR(32)     NOT NULL,
  last_seq        BIGINT       NOT NULL,
  deleted_at      BIGINT,
  purge_at        BIGINT,
  PRIMARY KEY (vault, name)
);

CREATE INDEX secrets_purge_at ON secrets (purge_at);

CREATE TABLE secret_versions (
  vault        VARCHAR(127) NOT NULL,
  name         VARCHAR(127) NOT NULL,
  version      CHAR(32)     NOT NULL,
  seq          BIGINT       NOT NULL,
  enabled      INTEGER      NOT NULL,
  not_before   BIGINT,
  expires      BIGINT,
  created      BIGINT       NOT NULL,
  updated      BIGINT       NOT NULL,
  content_type VARCHAR(255),
  tags         TEXT         NOT NULL,
  wrapped_key  TEXT         NOT NULL,
  ciphertext   TEXT         NOT NULL,
  PRIMARY KEY (vault, name, version)
);

CREATE UNIQUE INDEX secret_versions_seq ON secret_versions (vault, name, seq);
