package io.keygate.sources.hashicorp;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the {@code hashicorp://} source ({@code sources.hashicorp} in keygate.yaml): one
 * Vault server (or a Keygate vault's KV v2-compatible API) read through KV v2.
 *
 * @param address the server's base URL, e.g. {@code https://vault.internal:8200}
 * @param auth token or AppRole
 * @param namespace a Vault Enterprise namespace ({@code X-Vault-Namespace}), if any
 * @param pollInterval how often {@code metadata/<path>} of each secret in use is checked; {@link
 *     Duration#ZERO} turns polling off
 * @param caCertificates a PEM file of CA certificates to trust instead of the JDK's
 * @param requestTimeout how long one HTTP request may take
 */
public record HashicorpSourceOptions(
    URI address,
    HashicorpAuth auth,
    Optional<String> namespace,
    Duration pollInterval,
    Optional<Path> caCertificates,
    Duration requestTimeout) {
  /** The default poll interval: one minute. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

  /** The default request timeout: ten seconds. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern NAMESPACE = Pattern.compile("[0-9a-zA-Z._-]+(/[0-9a-zA-Z._-]+)*");

  public HashicorpSourceOptions {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(caCertificates, "caCertificates");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    String scheme = address.getScheme();
    if (!("https".equals(scheme) || "http".equals(scheme)) || address.getHost() == null) {
      throw new IllegalArgumentException(
          "HashiCorp Vault address '" + address + "' needs the form https://host[:port]");
    }
    if (address.getRawQuery() != null || address.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "HashiCorp Vault address '" + address + "' must not have a query or fragment");
    }
    if (namespace.isPresent() && !NAMESPACE.matcher(namespace.get()).matches()) {
      throw new IllegalArgumentException(
          "HashiCorp Vault namespace '"
              + namespace.get()
              + "' is not a path of 0-9, a-z, A-Z, '.', '_', '-'");
    }
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("HashiCorp poll-interval must not be negative");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("HashiCorp request timeout must be positive");
    }
  }

  /** A server with no namespace, polled every minute, trusting the JDK's CAs. */
  public static HashicorpSourceOptions of(URI address, HashicorpAuth auth) {
    return new HashicorpSourceOptions(
        address,
        auth,
        Optional.empty(),
        DEFAULT_POLL_INTERVAL,
        Optional.empty(),
        DEFAULT_REQUEST_TIMEOUT);
  }

  public HashicorpSourceOptions withNamespace(String value) {
    return new HashicorpSourceOptions(
        address, auth, Optional.of(value), pollInterval, caCertificates, requestTimeout);
  }

  public HashicorpSourceOptions withPollInterval(Duration interval) {
    return new HashicorpSourceOptions(
        address, auth, namespace, interval, caCertificates, requestTimeout);
  }

  public HashicorpSourceOptions withCaCertificates(Path pem) {
    return new HashicorpSourceOptions(
        address, auth, namespace, pollInterval, Optional.of(pem), requestTimeout);
  }

  public HashicorpSourceOptions withRequestTimeout(Duration timeout) {
    return new HashicorpSourceOptions(
        address, auth, namespace, pollInterval, caCertificates, timeout);
  }
}
