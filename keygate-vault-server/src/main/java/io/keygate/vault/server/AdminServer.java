package io.keygate.vault.server;

import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.server.internal.BearerAuth;
import io.keygate.vault.server.internal.ErrorResponder;
import io.keygate.vault.server.internal.Health;
import io.keygate.vault.server.internal.InvalidRequests;
import io.keygate.vault.server.internal.PathGuard;
import io.keygate.vault.server.internal.secrets.MasterKeyRoutes;
import io.keygate.vault.server.internal.secrets.SecretRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The admin HTTPS listener: token-protected routers (the vault's admin API, the gateway's
 * management API) and public routes (health) on one port.
 *
 * <p>Every request but the public routes needs {@code Authorization: Bearer <admin token>}. Every
 * error, from any router mounted here, is answered as {@code {"error":{"code","message"}}}: fail
 * the routing context with an {@link ApiError} (or a typed exception a registered translator knows)
 * and the listener writes it. Built-in public routes: {@code GET /health/live} (the process is up)
 * and {@code GET /health/ready} (every readiness check passes).
 */
public final class AdminServer {
  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  public static Builder builder(Vertx vertx) {
    return new Builder(vertx);
  }

  /** The port the listener is bound to (useful after binding port 0). */
  public int port() {
    return server.actualPort();
  }

  /** Stops accepting connections and closes open ones at once. */
  public Future<Void> close() {
    return server.close();
  }

  /**
   * Stops accepting connections, lets requests in flight finish for up to {@code deadline}, then
   * closes what is still open.
   */
  public Future<Void> shutdown(Duration deadline) {
    return server.shutdown(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Collects what the listener serves; {@link #start()} binds it. */
  public static final class Builder {
    private final Vertx vertx;
    private String host = "127.0.0.1";
    private int port = 8443;
    private Path certificate;
    private Path privateKey;
    private AdminToken token;
    private final Map<String, Router> protectedRouters = new LinkedHashMap<>();
    private final Map<String, Handler<RoutingContext>> publicRoutes = new LinkedHashMap<>();
    private final Map<String, Handler<RoutingContext>> protectedRoutes = new LinkedHashMap<>();
    private final Map<String, Callable<?>> readinessChecks = new LinkedHashMap<>();
    private final List<FailureTranslator> translators = new ArrayList<>();
    private final List<BiConsumer<Router, Set<String>>> selfAuthenticated = new ArrayList<>();
    private SecretVault vault;
    private MasterKeySource masterKey;

    private Builder(Vertx vertx) {
      this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    /** Where to listen; port 0 picks a free port. Default {@code 127.0.0.1:8443}. */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /** The PEM certificate (chain) and private key files of the listener. Required. */
    public Builder tls(Path certificate, Path privateKey) {
      this.certificate = certificate;
      this.privateKey = privateKey;
      return this;
    }

    /** The token every protected request must carry. Required. */
    public Builder token(AdminToken token) {
      this.token = token;
      return this;
    }

    /**
     * Serves the vault's admin API under {@code /v1/vaults} and {@code /v1/master-key}, and adds a
     * readiness check that the vault answers.
     *
     * @param masterKey the master key source the vault was opened with (an in-place rotation
     *     rotates a key file)
     */
    public Builder vault(SecretVault vault, MasterKeySource masterKey) {
      this.vault = vault;
      this.masterKey = masterKey;
      readinessChecks.put("vault", vault::listVaults);
      return this;
    }

    /**
     * Mounts a token-protected router under {@code prefix} (for example {@code /v1/gateway}); the
     * router sees paths relative to the prefix.
     */
    public Builder mount(String prefix, Router router) {
      protectedRouters.put(prefix, router);
      return this;
    }

    /** Serves {@code handler} for every method on exactly {@code path}, behind the token. */
    public Builder route(String path, Handler<RoutingContext> handler) {
      protectedRoutes.put(path, handler);
      return this;
    }

    /** Serves {@code handler} for every method on exactly {@code path}, without a token. */
    public Builder publicRoute(String path, Handler<RoutingContext> handler) {
      publicRoutes.put(path, handler);
      return this;
    }

    /**
     * Adds a check to {@code /health/ready}. It runs off the event loop and may block; the listener
     * is ready when every check returns without throwing.
     */
    public Builder readinessCheck(String name, Callable<?> check) {
      readinessChecks.put(name, check);
      return this;
    }

    /**
     * Adds routes that authenticate their own callers (an API compatible with another product),
     * ahead of the admin token check. {@code install} gets the root router and the first path
     * segments under {@code /v1/} that this listener serves itself, which it must leave alone.
     */
    public Builder selfAuthenticated(BiConsumer<Router, Set<String>> install) {
      selfAuthenticated.add(install);
      return this;
    }

    /** Maps another module's typed exceptions to API errors, in the order added. */
    public Builder translateFailures(FailureTranslator translator) {
      translators.add(translator);
      return this;
    }

    /** Binds the listener. */
    public Future<AdminServer> start() {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(certificate, "tls certificate");
      Objects.requireNonNull(privateKey, "tls private key");
      Router root = router();
      HttpServerOptions options =
          new HttpServerOptions()
              .setHost(host)
              .setPort(port)
              .setSsl(true)
              .setKeyCertOptions(
                  new PemKeyCertOptions()
                      .setCertPath(certificate.toString())
                      .setKeyPath(privateKey.toString()))
              .setIdleTimeout(120)
              .setDecompressionSupported(false);
      return vertx
          .createHttpServer(options)
          .requestHandler(new PathGuard(root))
          .invalidRequestHandler(new InvalidRequests())
          .listen()
          .map(AdminServer::new);
    }

    private Router router() {
      ErrorResponder errors = new ErrorResponder(this::translate);
      Router root = Router.router(vertx);
      for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500}) {
        root.errorHandler(status, errors);
      }
      root.route().failureHandler(errors);
      Health health = new Health(vertx, readinessChecks);
      root.get("/health/live").handler(health::live);
      root.get("/health/ready").handler(health::ready);
      publicRoutes.forEach((path, handler) -> root.route(path).handler(handler));
      Set<String> own = new TreeSet<>(vault != null ? Set.of("vaults", "master-key") : Set.of());
      for (Set<String> paths :
          List.of(protectedRouters.keySet(), protectedRoutes.keySet(), publicRoutes.keySet())) {
        paths.stream()
            .map(p -> p.split("/"))
            .filter(s -> s.length > 2 && s[1].equals("v1"))
            .forEach(s -> own.add(s[2]));
      }
      selfAuthenticated.forEach(install -> install.accept(root, Set.copyOf(own)));
      root.route().handler(new BearerAuth(token));
      if (vault != null) {
        SecretRoutes.addTo(root, vault, new MasterKeyRoutes(vault, masterKey));
      }
      protectedRoutes.forEach((path, handler) -> root.route(path).handler(handler));
      protectedRouters.forEach(
          (prefix, router) -> {
            router.route().failureHandler(errors);
            root.route(trim(prefix) + "/*").subRouter(router);
          });
      return root;
    }

    private ApiError translate(Throwable failure) {
      for (FailureTranslator translator : translators) {
        ApiError error = translator.translate(failure);
        if (error != null) {
          return error;
        }
      }
      return null;
    }

    private static String trim(String prefix) {
      return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
  }
}
