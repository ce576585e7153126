-- Apps (issue 7): principals app:<client-id> that get tokens from Keygate's token endpoint with a
-- client secret (stored only as a keyed hash) or a client certificate (its PEM and thumbprints).

CREATE TABLE app_registrations (
  client_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
  display_name VARCHAR(256) NOT NULL,
  created      BIGINT       NOT NULL,
  created_by   VARCHAR(300) NOT NULL
);

CREATE TABLE app_credentials (
  client_id     VARCHAR(64)  NOT NULL,
  credential_id VARCHAR(64)  NOT NULL,
  kind          VARCHAR(16)  NOT NULL,
  hint          VARCHAR(128) NOT NULL,
  material      TEXT         NOT NULL,
  created       BIGINT       NOT NULL,
  expires       BIGINT,
  PRIMARY KEY (client_id, credential_id)
);
