-- API keys: only an HMAC-SHA256 of the key (hex) is stored, never the key.
CREATE TABLE gateway_api_key (
  id          VARCHAR(32)  NOT NULL PRIMARY KEY,
  alias       VARCHAR(200),
  policy      VARCHAR(200) NOT NULL,
  key_hash    VARCHAR(64)  NOT NULL,
  created_ms  BIGINT       NOT NULL,
  expires_ms  BIGINT,
  last_used_ms BIGINT,
  revoked_ms  BIGINT
);

-- Quota usage per policy and subject, for the fixed window starting at window_start_ms.
CREATE TABLE gateway_quota (
  policy          VARCHAR(200) NOT NULL,
  subject         VARCHAR(300) NOT NULL,
  window_start_ms BIGINT       NOT NULL,
  used            BIGINT       NOT NULL,
  PRIMARY KEY (policy, subject)
);
