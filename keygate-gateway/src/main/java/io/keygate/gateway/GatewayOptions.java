package io.keygate.gateway;

import io.keygate.gateway.credentials.CredentialSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

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
    return edit(
        o -> {
          o.host = host;
          o.port = port;
        });
  }

  public GatewayOptions withTls(Path cert, Path key) {
    return edit(
        o -> {
          o.tlsCert = cert;
          o.tlsKey = key;
        });
  }

  public GatewayOptions withDefinitionDirs(Path apis, Path policies) {
    return edit(
        o -> {
          o.apisDir = apis;
          o.policiesDir = policies;
        });
  }

  public GatewayOptions withTimeouts(Duration connect, Duration read) {
    return edit(
        o -> {
          o.connectTimeout = connect;
          o.readTimeout = read;
        });
  }

  public GatewayOptions withNodeName(String name) {
    return edit(o -> o.nodeName = name);
  }

  public GatewayOptions withWatch(boolean watched) {
    return edit(o -> o.watch = watched);
  }

  public GatewayOptions withH2c(boolean enabled) {
    return edit(o -> o.h2c = enabled);
  }

  public GatewayOptions withCredentials(CredentialSettings settings) {
    return edit(o -> o.credentials = settings);
  }

  public GatewayOptions withEventLoops(int loops) {
    return edit(o -> o.eventLoops = loops);
  }

  /** A copy with {@code change} applied; the canonical constructor checks the result. */
  private GatewayOptions edit(Consumer<Editable> change) {
    Editable copy = new Editable(this);
    change.accept(copy);
    return copy.build();
  }

  /** The record's components as fields, for the {@code with…} copiers. */
  private static final class Editable {
    String host;
    int port;
    Path tlsCert;
    Path tlsKey;
    Path apisDir;
    Path policiesDir;
    Path dataDir;
    String nodeName;
    Duration connectTimeout;
    Duration readTimeout;
    boolean watch;
    boolean h2c;
    CredentialSettings credentials;
    int eventLoops;

    Editable(GatewayOptions o) {
      host = o.host;
      port = o.port;
      tlsCert = o.tlsCert;
      tlsKey = o.tlsKey;
      apisDir = o.apisDir;
      policiesDir = o.policiesDir;
      dataDir = o.dataDir;
      nodeName = o.nodeName;
      connectTimeout = o.connectTimeout;
      readTimeout = o.readTimeout;
      watch = o.watch;
      h2c = o.h2c;
      credentials = o.credentials;
      eventLoops = o.eventLoops;
    }

    GatewayOptions build() {
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
  }

  /** {@link #eventLoops()}, with 0 resolved to the number of processors the JVM may use. */
  public int effectiveEventLoops() {
    return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
  }
}
