package io.keygate.gateway;

import io.keygate.gateway.chain.ChainRunner;
import io.keygate.gateway.config.DefinitionRegistry;
import io.keygate.gateway.config.Definitions;
import io.keygate.gateway.config.FolderDefinitions;
import io.keygate.gateway.config.FolderWatcher;
import io.keygate.gateway.config.ReferenceCheck;
import io.keygate.gateway.listener.GatewayListener;
import io.keygate.gateway.listener.GatewayRequestHandler;
import io.keygate.gateway.metrics.GatewayMetrics;
import io.keygate.gateway.proxy.UpstreamClients;
import io.keygate.gateway.routing.Route;
import io.keygate.gateway.routing.RouteTable;
import io.keygate.secrets.SecretSource;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway node: loads and watches the API and policy definitions, listens, and proxies each
 * request through the chain declared in {@code GatewayChain}. Start it with {@link #start}; stop it
 * with {@link #stop}, which finishes requests in flight up to a deadline.
 *
 * <p>Mount {@link #metricsHandler()} at {@code GET /metrics} on the admin listener.
 */
public final class Gateway {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  private final GatewayOptions options;
  private final FolderDefinitions definitions;
  private final GatewayMetrics metrics;
  private final UpstreamClients upstreams;
  private volatile RouteTable routes = RouteTable.EMPTY;
  private FolderWatcher watcher;
  private GatewayListener listener;
  private GatewayRequestHandler handler;
  private volatile boolean ready;
  private AutoCloseable secretEvents;

  /** How long loading an API waits for the secret source to say whether a reference resolves. */
  private static final Duration REFERENCE_CHECK_TIMEOUT = Duration.ofSeconds(5);

  private Gateway(
      GatewayOptions options,
      FolderDefinitions definitions,
      GatewayMetrics metrics,
      UpstreamClients upstreams) {
    this.options = options;
    this.definitions = definitions;
    this.metrics = metrics;
    this.upstreams = upstreams;
  }

  /** Loads the definitions, starts watching them (unless disabled) and opens the listener. */
  public static Future<Gateway> start(
      Vertx vertx, GatewayOptions options, GatewayServices services) {
    GatewayMetrics metrics = new GatewayMetrics();
    UpstreamClients upstreams =
        new UpstreamClients(
            vertx,
            new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(60)
                .setDecompressionSupported(false)
                .setName("keygate-upstreams"),
            new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(4096));
    ReferenceCheck references =
        services.secrets() == null
            ? ReferenceCheck.NONE
            : ReferenceCheck.of(services.secrets(), REFERENCE_CHECK_TIMEOUT);
    return FolderDefinitions.open(vertx, options.apisDir(), options.policiesDir(), references)
        .compose(
            definitions -> {
              Gateway gateway = new Gateway(options, definitions, metrics, upstreams);
              if (services.secrets() != null) {
                gateway.secretEvents = gateway.reloadOnSecretChanges(services.secrets());
              }
              gateway.routes = gateway.compile(definitions.current());
              definitions.onChange(d -> gateway.routes = gateway.compile(d));
              if (options.watch()) {
                try {
                  gateway.watcher = FolderWatcher.start(vertx, definitions);
                } catch (java.io.IOException e) {
                  return Future.failedFuture(e);
                }
              }
              ChainRunner chain =
                  GatewayChain.build(
                      services,
                      definitions,
                      upstreams,
                      options.nodeName(),
                      options.credentials(),
                      metrics.registry());
              gateway.handler = new GatewayRequestHandler(() -> gateway.routes, chain, metrics);
              return GatewayListener.start(
                      vertx,
                      options.host(),
                      options.port(),
                      options.tlsCert(),
                      options.tlsKey(),
                      options.h2c(),
                      options.effectiveEventLoops(),
                      gateway.handler,
                      gateway.handler::invalid)
                  .map(
                      listener -> {
                        gateway.listener = listener;
                        gateway.ready = true;
                        log.info(
                            "Gateway {} listening on {}://{}:{} ({} event loops) with steps {}",
                            options.nodeName(),
                            options.tlsCert() == null ? "http" : "https",
                            options.host().contains(":")
                                ? "[" + options.host() + "]"
                                : options.host(),
                            listener.port(),
                            listener.eventLoops(),
                            chain.names());
                        return gateway;
                      });
            });
  }

  /**
   * An API refused because its secret does not exist yet, or nobody may read it, is loaded as soon
   * as that changes: a new secret version, a role assignment or a recovery reloads the definitions
   * while any are refused (at most one reload at a time).
   */
  private AutoCloseable reloadOnSecretChanges(SecretSource source) {
    AtomicBoolean reloading = new AtomicBoolean();
    return source.subscribe(
        event -> {
          boolean mayHelp =
              switch (event.type()) {
                case NEW_VERSION, ACCESS_CHANGED, RECOVERED, UPDATED, RESYNC -> true;
                default -> false;
              };
          if (mayHelp
              && !definitions.problems().isEmpty()
              && reloading.compareAndSet(false, true)) {
            definitions.reload().onComplete(done -> reloading.set(false));
          }
        });
  }

  private RouteTable compile(Definitions d) {
    List<Route> compiled = new ArrayList<>();
    for (var api : d.apis().values()) {
      try {
        compiled.add(
            new Route(
                api, options.connectTimeout(), options.readTimeout(), metrics.forApi(api.name())));
      } catch (RuntimeException e) {
        // The validator should have refused it; one API that cannot be built must not keep the
        // route table on its previous generation for every other API.
        log.error("API '{}' passed validation but cannot be served: {}", api.name(), e.toString());
      }
    }
    return new RouteTable(compiled);
  }

  /**
   * Stops accepting connections, lets requests in flight finish until {@code deadline}, then closes
   * the listener, the upstream pools and the folder watcher.
   */
  public Future<Void> stop(Duration deadline) {
    ready = false;
    if (watcher != null) {
      watcher.close();
    }
    if (secretEvents != null) {
      try {
        secretEvents.close();
      } catch (Exception e) {
        log.warn("Could not unsubscribe from the secret source: {}", e.toString());
      }
    }
    Future<Void> stopped = listener == null ? Future.succeededFuture() : listener.stop(deadline);
    return stopped.eventually(upstreams::closeAll);
  }

  /** The port the listener is bound to. */
  public int port() {
    return listener.port();
  }

  /** Whether the listener is open and the definitions are loaded. */
  public boolean ready() {
    return ready;
  }

  /** The definitions in force, read-only, with change notification and reload. */
  public DefinitionRegistry definitions() {
    return definitions;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Answers {@code GET /metrics} (Prometheus text format). */
  public Handler<RoutingContext> metricsHandler() {
    return metrics.handler();
  }
}
