package io.keygate.sources.azure;

import io.keygate.secrets.SecretValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the {@code azure://} source ({@code sources.azure} in keygate.yaml).
 *
 * <p>A reference {@code azure://<vault>/<secret>[#version]} names a vault by a short name: {@code
 * vaults} maps it to the vault's URL; a name that is not mapped means the public cloud's {@code
 * https://<name>.vault.azure.net/}.
 *
 * @param vaults short vault names to vault URLs (https)
 * @param credential how to sign in
 * @param pollInterval how often the current version of each secret in use is checked; {@link
 *     Duration#ZERO} turns polling off (then only Event Grid events and expiry refresh values)
 * @param caCertificates a PEM file of CA certificates to trust instead of the JDK's (private
 *     endpoints, tests); applies to the vault and the token authority
 * @param eventGridKey when present, Event Grid deliveries must carry it ({@code ?key=} or the
 *     {@code X-Keygate-Webhook-Key} header); compared in constant time
 * @param verifyChallengeResource whether the SDK checks that the vault's authentication challenge
 *     names a resource in the vault's own domain (keep {@code true} against Azure)
 */
public record AzureSourceOptions(
    Map<String, URI> vaults,
    AzureCredentialOptions credential,
    Duration pollInterval,
    Optional<Path> caCertificates,
    Optional<SecretValue> eventGridKey,
    boolean verifyChallengeResource) {
  /** The default poll interval: one minute. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

  private static final Pattern VAULT_NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

  public AzureSourceOptions {
    vaults = Map.copyOf(vaults);
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(caCertificates, "caCertificates");
    Objects.requireNonNull(eventGridKey, "eventGridKey");
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("Azure poll-interval must not be negative");
    }
    for (Map.Entry<String, URI> vault : vaults.entrySet()) {
      if (!VAULT_NAME.matcher(vault.getKey()).matches()) {
        throw new IllegalArgumentException(
            "Azure vault name '"
                + vault.getKey()
                + "' is not usable in azure:// references: use 1 to 127 of 0-9, a-z, A-Z, -");
      }
      URI url = vault.getValue();
      if (!"https".equals(url.getScheme()) || url.getHost() == null) {
        throw new IllegalArgumentException(
            "Azure vault '" + vault.getKey() + "' needs an https:// URL, not '" + url + "'");
      }
    }
  }

  /** Vaults signed in to with {@code credential}, polled every minute, trusting the JDK's CAs. */
  public static AzureSourceOptions of(Map<String, URI> vaults, AzureCredentialOptions credential) {
    return new AzureSourceOptions(
        vaults, credential, DEFAULT_POLL_INTERVAL, Optional.empty(), Optional.empty(), true);
  }

  public AzureSourceOptions withCredential(AzureCredentialOptions signIn) {
    return new AzureSourceOptions(
        vaults, signIn, pollInterval, caCertificates, eventGridKey, verifyChallengeResource);
  }

  public AzureSourceOptions withPollInterval(Duration interval) {
    return new AzureSourceOptions(
        vaults, credential, interval, caCertificates, eventGridKey, verifyChallengeResource);
  }

  public AzureSourceOptions withCaCertificates(Path pem) {
    return new AzureSourceOptions(
        vaults, credential, pollInterval, Optional.of(pem), eventGridKey, verifyChallengeResource);
  }

  public AzureSourceOptions withEventGridKey(SecretValue key) {
    return new AzureSourceOptions(
        vaults,
        credential,
        pollInterval,
        caCertificates,
        Optional.of(key),
        verifyChallengeResource);
  }

  public AzureSourceOptions withVerifyChallengeResource(boolean verify) {
    return new AzureSourceOptions(
        vaults, credential, pollInterval, caCertificates, eventGridKey, verify);
  }

  /** The URL of the vault a reference names: mapped, or the public cloud's by name. */
  public URI vaultUrl(String vault) {
    URI mapped = vaults.get(vault);
    return mapped != null ? mapped : URI.create("https://" + vault + ".vault.azure.net/");
  }
}
