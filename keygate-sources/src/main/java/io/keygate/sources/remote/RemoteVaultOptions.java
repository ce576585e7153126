package io.keygate.sources.remote;

import io.keygate.secrets.SecretValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a Keygate vault on another machine ({@code keygate://vault/name}).
 *
 * @param url the remote's admin listener, {@code https://host:port}
 * @param caCertificate the PEM certificate(s) to trust for it (pinning its self-signed certificate,
 *     or its CA); empty: the JVM's default trust store
 * @param credential how this node authenticates: a fixed token (the remote's admin token) or an
 *     app's client credentials (an app holding {@code gateway-node})
 * @param requestTimeout the longest one resolution may take
 * @param reconnectDelay the first wait before reconnecting the event stream (doubling up to 30 s)
 * @param streamIdleTimeout how long the event stream may stay silent (the remote sends a keep-alive
 *     every 15 s) before it is taken as dead and reconnected
 */
public record RemoteVaultOptions(
    URI url,
    Optional<Path> caCertificate,
    NodeCredential credential,
    Duration requestTimeout,
    Duration reconnectDelay,
    Duration streamIdleTimeout) {
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofMillis(500);
  public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(45);

  public RemoteVaultOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(reconnectDelay, "reconnectDelay");
    Objects.requireNonNull(streamIdleTimeout, "streamIdleTimeout");
    if (!"https".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException(
          "the remote vault's url must be https://host:port; got " + url);
    }
  }

  /** A fixed token, default timeouts. */
  public static RemoteVaultOptions of(URI url, Optional<Path> caCertificate, SecretValue token) {
    return of(url, caCertificate, new NodeCredential.Token(token));
  }

  /** Default timeouts. */
  public static RemoteVaultOptions of(
      URI url, Optional<Path> caCertificate, NodeCredential credential) {
    return new RemoteVaultOptions(
        url,
        caCertificate,
        credential,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_RECONNECT_DELAY,
        DEFAULT_STREAM_IDLE_TIMEOUT);
  }

  public RemoteVaultOptions withRequestTimeout(Duration timeout) {
    return new RemoteVaultOptions(
        url, caCertificate, credential, timeout, reconnectDelay, streamIdleTimeout);
  }

  public RemoteVaultOptions withReconnectDelay(Duration delay) {
    return new RemoteVaultOptions(
        url, caCertificate, credential, requestTimeout, delay, streamIdleTimeout);
  }

  /** {@code url} with {@code path} appended (the url's own path, if any, kept). */
  URI resolve(String path) {
    String base = url.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }
}
