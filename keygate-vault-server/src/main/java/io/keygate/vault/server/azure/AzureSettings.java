package io.keygate.vault.server.azure;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Azure Key Vault-compatible API answers: each Keygate vault at {@code
 * https://<vault>.<domain>[:port]}, as Azure's vaults are at {@code
 * https://<vault>.vault.azure.net}. The challenge names {@code https://<domain>} as the resource,
 * which the Azure SDK accepts because the vault's host ends with {@code .<domain>}; tokens must be
 * for that resource.
 *
 * @param domain the parent domain of the vault hosts, e.g. {@code vault.keygate.internal}; a
 *     wildcard DNS name (or hosts entries) must send {@code *.<domain>} to the admin listener, and
 *     its certificate must be valid for {@code *.<domain>}
 */
public record AzureSettings(String domain) {
  /** The default domain: {@code payments.localhost} names the vault {@code payments}. */
  public static final String DEFAULT_DOMAIN = "localhost";

  public AzureSettings {
    Objects.requireNonNull(domain, "domain");
    domain = domain.toLowerCase(Locale.ROOT);
    if (!domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
      throw new IllegalArgumentException(
          "azure domain '" + domain + "' is not a DNS name (letters, digits, '-' and dots)");
    }
  }

  /** The resource named in the challenge; Keygate-issued tokens must be for it. */
  public String resource() {
    return "https://" + domain;
  }

  /** The vault a request's host names, if the host is {@code <vault>.<domain>}. */
  Optional<String> vaultOf(String host) {
    if (host == null) {
      return Optional.empty();
    }
    String lower = host.toLowerCase(Locale.ROOT);
    String suffix = "." + domain;
    if (!lower.endsWith(suffix) || lower.length() == suffix.length()) {
      return Optional.empty();
    }
    String label = lower.substring(0, lower.length() - suffix.length());
    return label.contains(".") ? Optional.empty() : Optional.of(label);
  }
}
