package io.keygate.app.apps;

/**
 * The {@code azure:} section of {@code keygate.yaml}: the Azure Key Vault-compatible API.
 *
 * @param enabled whether it is served (default true)
 * @param domain the vaults are at {@code https://<vault>.<domain>:<admin port>} (default {@code
 *     localhost}); {@code *.<domain>} must resolve to the admin listener
 */
public record AzureConfig(Boolean enabled, String domain) {}
