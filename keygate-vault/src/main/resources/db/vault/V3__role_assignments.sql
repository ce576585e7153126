-- RBAC: principal x role x scope. Scope is '*', a vault, or vault/name with the name in lower case
-- (secret names are case-insensitive).
CREATE TABLE role_assignments (
  principal  VARCHAR(300) NOT NULL,
  role       VARCHAR(32)  NOT NULL,
  scope      VARCHAR(300) NOT NULL,
  created    BIGINT       NOT NULL,
  created_by VARCHAR(300) NOT NULL,
  PRIMARY KEY (principal, role, scope)
);
