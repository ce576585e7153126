-- Secret names are case-insensitive and case-preserving, as in Azure Key Vault: one secret per
-- name regardless of case, stored with the case it was created with.
CREATE UNIQUE INDEX secrets_name_ci ON secrets (vault, lower(name));
