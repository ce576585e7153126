package io.keygate.gateway.listener;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP listener: HTTP/1.1 and HTTP/2 (h2c in clear text, ALPN with TLS), optionally
 * TLS from a PEM certificate and key. Graceful shutdown stops accepting and lets requests in flight
 * finish up to a deadline.
 *
 * <p>It listens on several event loops, one server instance each, sharing the port: Vert.x hands
 * each accepted connection to the next instance in turn, and everything a request does (the chain,
 * the upstream call on a keep-alive connection of that loop, the response) stays on its loop. One
 * event loop per core, as nginx runs one worker per core; a single loop would leave every other
 * core idle however busy the gateway is.
 */
public final class GatewayListener {
  private static final int MAX_HEADER_BYTES = 32 * 1024;
  private static final Logger log = LoggerFactory.getLogger(GatewayListener.class);
  private static final AtomicInteger SHARED_FREE_PORTS = new AtomicInteger();

  private final Vertx vertx;
  private final List<HttpServer> servers;
  private final String deployment;

  private GatewayListener(Vertx vertx, List<HttpServer> servers, String deployment) {
    this.vertx = vertx;
    this.servers = List.copyOf(servers);
    this.deployment = deployment;
  }

  /**
   * @param h2c whether clear-text HTTP/2 is detected; with it on, the first request of a clear-text
   *     connection is decoded before the framing-aware decoder is in place
   * @param tlsCert PEM certificate chain, or null for clear text
   * @param tlsKey PEM private key, or null for clear text
   * @param eventLoops how many event loops accept connections (at least 1)
   * @param handler called on the event loop of the request's connection, possibly on several loops
   *     at once: it must be safe to share between threads
   * @param invalidRequests answers requests the HTTP decoder refused (malformed, too long), or null
   *     for Vert.x's bare status line
   */
  public static Future<GatewayListener> start(
      Vertx vertx,
      String host,
      int port,
      Path tlsCert,
      Path tlsKey,
      boolean h2c,
      int eventLoops,
      Handler<HttpServerRequest> handler,
      Handler<HttpServerRequest> invalidRequests) {
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be at least 1, not " + eventLoops);
    }
    // Port 0 asks for a free port; a negative port is Vert.x's way of asking for one free port
    // shared by every instance bound with that same negative number (each listener its own).
    int bind = port == 0 ? -SHARED_FREE_PORTS.incrementAndGet() : port;
    HttpServerOptions options = options(host, bind, tlsCert, tlsKey, h2c);
    List<HttpServer> servers = new CopyOnWriteArrayList<>();
    return deploy(vertx, options, handler, invalidRequests, servers, eventLoops)
        .map(deployment -> new GatewayListener(vertx, servers, deployment));
  }

  private static HttpServerOptions options(
      String host, int port, Path tlsCert, Path tlsKey, boolean h2c) {
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
            .setHttp2ClearTextEnabled(h2c)
            // Every step answers on the connection's event loop (futures from other threads are
            // brought back to it first), so responses are written directly rather than through a
            // cross-thread queue; a write from another thread fails loudly instead of racing.
            .setStrictThreadMode(true);
    if (tlsCert != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions().setCertPath(tlsCert.toString()).setKeyPath(tlsKey.toString()))
          .setUseAlpn(true)
          .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    }
    return options;
  }

  /** Deploys {@code instances} servers, each on an event loop of its own. */
  private static Future<String> deploy(
      Vertx vertx,
      HttpServerOptions options,
      Handler<HttpServerRequest> handler,
      Handler<HttpServerRequest> invalidRequests,
      List<HttpServer> servers,
      int instances) {
    return vertx.deployVerticle(
        () ->
            new VerticleBase() {
              @Override
              public Future<?> start() {
                HttpServer server = vertx.createHttpServer(options);
                server.connectionHandler(connection -> installFramingDecoder(connection, options));
                server.requestHandler(handler);
                if (invalidRequests != null) {
                  server.invalidRequestHandler(invalidRequests);
                }
                return server.listen().onSuccess(servers::add);
              }
            },
        new DeploymentOptions().setInstances(instances));
  }

  /** The bound port (useful when listening on port 0). */
  public int port() {
    return servers.get(0).actualPort();
  }

  /** How many event loops accept connections. */
  public int eventLoops() {
    return servers.size();
  }

  /**
   * Stops accepting on every event loop, waits for requests in flight up to {@code deadline}, then
   * closes.
   */
  public Future<Void> stop(Duration deadline) {
    List<Future<Void>> closing = new ArrayList<>();
    for (HttpServer server : servers) {
      closing.add(server.shutdown(deadline.toMillis(), TimeUnit.MILLISECONDS));
    }
    return Future.join(closing).transform(done -> vertx.undeploy(deployment)).mapEmpty();
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
