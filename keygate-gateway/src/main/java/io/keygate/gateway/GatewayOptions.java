package io.keygate.gateway;

import io.keygate.gateway.credentials.CredentialSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a gateway node listens and where its definitions live.
 *
 * @param host listen address, default {@code 127.0.0.1}
 * @param port listen port, default 8080; 0 picks a free one
 * @param tlsCert PEM certificate chain for a TLS listener, or null for clear text
 * @param tlsKey PEM private key matching {@code tlsCert}, or null
 * @param apisDir folder of API definitions, default {@code <data>/apis}
 * @param policiesDir folder of policy definitions, default {@code <data>/policies}
 * @param dataDir the node's data folder
 * @param nodeName this node's name, for logs
 * @param connectTimeout upstream connect timeout where an API sets none
 * @param readTimeout upstream read (idle) timeout where an API sets none
 * @param watch whether the definition folders are watched and hot-reloaded
 * @param h2c whether clear-text HTTP/2 is accepted (prior knowledge and {@code Upgrade: h2c}). Off
 *     by default: with h2c detection on, clear-text connections run without the framing-aware
 *     decoder, so Content-Length with Transfer-Encoding and folded headers are repaired by Netty
 *     rather than refused (see docs/GATEWAY.md). HTTP/2 over TLS (ALPN) is always on.
 * @param credentials the credential cache and the retry on rotation ({@code gateway.credentials})
 * @param eventLoops how many event loops accept and proxy requests; 0 (the default) means one per
 *     available processor ({@link #effectiveEventLoops()})
 */
public record GatewayOptions(
    String host,
    int port,
    Path tlsCert,
    Path tlsKey,
    Path apisDir,
    Path policiesDir,
    Path dataDir,
    String nodeName,
    Duration connectTimeout,
    Duration readTimeout,
    boolean watch,
    boolean h2c,
    CredentialSettings credentials,
    int eventLoops) {

  public GatewayOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(apisDir, "apisDir");
    Objects.requireNonNull(policiesDir, "policiesDir");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(credentials, "credentials");
    if (eventLoops < 0) {
      throw new IllegalArgumentException("eventLoops must be 0 (one per processor) or more");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("a TLS listener needs both a certificate and a key");
    }
  }

  /** 127.0.0.1:8080, clear text, {@code <data>/apis} and {@code <data>/policies}, watched. */
  public static GatewayOptions defaults(Path dataDir) {
    return new GatewayOptions(
        "127.0.0.1",
        8080,
        null,
        null,
        dataDir.resolve("apis"),
        dataDir.resolve("policies"),
        dataDir,
        "keygate",
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        true,
        false,
        CredentialSettings.DEFAULTS,
        0);
  }

  public GatewayOptions withListen(String host, int port) {
    return new GatewayOptions(
        host,
        port,
        tlsCert,
        tlsKey,
        apisDir,
        policiesDir,
        dataDir,
        nodeName,
        connectTimeout,
        readTimeout,
        watch,
        h2c,
        credentials,
        eventLoops);
  }

  public GatewayOptions withTls(Path cert, Path key) {
    return new GatewayOptions(
        host,
        port,
        cert,
        key,
        apisDir,
        policiesDir,
        dataDir,
        nodeName,
        connectTimeout,
        readTimeout,
        watch,
        h2c,
        credentials,
        eventLoops);
  }

  public GatewayOptions withDefinitionDirs(Path apis, Path policies) {
    return new GatewayOptions(
        host,
        port,
        tlsCert,
        tlsKey,
        apis,
        policies,
        dataDir,
        nodeName,
        connectTimeout,
        readTimeout,
        watch,
        h2c,
        credentials,
        eventLoops);
  }

  public GatewayOptions withTimeouts(Duration connect, Duration read) {
    return new GatewayOptions(
        host,
        port,
        tlsCert,
        tlsKey,
        apisDir,
        policiesDir,
        dataDir,
        nodeName,
        connect,
        read,
        watch,
        h2c,
        credentials,
        eventLoops);
  }

  public GatewayOptions withNodeName(String name) {
    return new GatewayOptions(
        host,
        port,
        tlsCert,
        tlsKey,
        apisDir,
        policiesDir,
        dataDir,
        name,
        connectTimeout,
        readTimeout,
        watch,
        h2c,
        credentials,
        eventLoops);
  }

  public GatewayOptions withWatch(boolean watched) {
    return new GatewayOptions(
        host,
        port,
        tlsCert,
        tlsKey,
        apisDir,
        policiesDir,
        dataDir,
        nodeName,
        connectTimeout,
        readTimeout,
        watched,
        h2c,
        credentials,
        eventLoops);
  }

  public GatewayOptions withH2c(boolean enabled) {
    return new GatewayOptions(
        host,
        port,
        tlsCert,
        tlsKey,
        apisDir,
        policiesDir,
        dataDir,
        nodeName,
        connectTimeout,
        readTimeout,
        watch,
        enabled,
        credentials,
        eventLoops);
  }

  public GatewayOptions withCredentials(CredentialSettings settings) {
    return new GatewayOptions(
        host,
        port,
        tlsCert,
        tlsKey,
        apisDir,
        policiesDir,
        dataDir,
        nodeName,
        connectTimeout,
        readTimeout,
        watch,
        h2c,
        settings,
        eventLoops);
  }

  public GatewayOptions withEventLoops(int loops) {
    return new GatewayOptions(
        host,
        port,
        tlsCert,
        tlsKey,
        apisDir,
        policiesDir,
        dataDir,
        nodeName,
        connectTimeout,
        readTimeout,
        watch,
        h2c,
        credentials,
        loops);
  }

  /** {@link #eventLoops()}, with 0 resolved to the number of processors the JVM may use. */
  public int effectiveEventLoops() {
    return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
  }
}
