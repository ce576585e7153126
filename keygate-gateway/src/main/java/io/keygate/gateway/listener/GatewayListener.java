package io.keygate.gateway.listener;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP listener: HTTP/1.1 and HTTP/2 (h2c in clear text, ALPN with TLS), optionally
 * TLS from a PEM certificate and key. Graceful shutdown stops accepting and lets requests in flight
 * finish up to a deadline.
 */
public final class GatewayListener {
  private static final int MAX_HEADER_BYTES = 32 * 1024;
  private static final Logger log = LoggerFactory.getLogger(GatewayListener.class);

  private final HttpServer server;

  private GatewayListener(HttpServer server) {
    this.server = server;
  }

  /**
   * @param h2c whether clear-text HTTP/2 is detected; with it on, the first request of a clear-text
   *     connection is decoded before the framing-aware decoder is in place
   * @param tlsCert PEM certificate chain, or null for clear text
   * @param tlsKey PEM private key, or null for clear text
   */
  public static Future<GatewayListener> start(
      Vertx vertx,
      String host,
      int port,
      Path tlsCert,
      Path tlsKey,
      boolean h2c,
      Handler<HttpServerRequest> handler) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setCompressionSupported(false)
            .setDecompressionSupported(false)
            .setHandle100ContinueAutomatically(true)
            // Room for large bearer tokens (Entra ID tokens with many groups): the JWT step
            // applies its own, smaller, token limit with a clear error.
            .setMaxHeaderSize(MAX_HEADER_BYTES)
            .setHttp2ClearTextEnabled(h2c);
    if (tlsCert != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions().setCertPath(tlsCert.toString()).setKeyPath(tlsKey.toString()))
          .setUseAlpn(true)
          .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    }
    HttpServer server = vertx.createHttpServer(options);
    server.connectionHandler(connection -> installFramingDecoder(connection, options));
    server.requestHandler(handler);
    return server.listen().map(GatewayListener::new);
  }

  /** The bound port (useful when listening on port 0). */
  public int port() {
    return server.actualPort();
  }

  /** Stops accepting, waits for requests in flight up to {@code deadline}, then closes. */
  public Future<Void> stop(Duration deadline) {
    return server.shutdown(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Swaps the HTTP/1.x decoder for one that reports ambiguous framing. This reaches into Vert.x's
   * pipeline (there is no public hook for the decoder); if the shape ever changes the swap is
   * skipped with a warning and the listener still refuses the shapes visible after decoding.
   *
   * <p>With h2c detection on, Vert.x calls the connection handler while its decoder is in the
   * middle of the connection's first request; replacing it then would hand the rest of that
   * request's bytes to the wrong handler, so the swap is skipped on such connections.
   */
  private static void installFramingDecoder(HttpConnection connection, HttpServerOptions options) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    var pipeline = base.channel().pipeline();
    if (pipeline.get("httpDecoder") == null || pipeline.get("h2c") != null) {
      return;
    }
    try {
      pipeline.replace("httpDecoder", "httpDecoder", new FramingAwareDecoder(options));
    } catch (RuntimeException e) {
      log.warn("Could not install the framing-aware HTTP decoder: {}", e.toString());
    }
  }
}
