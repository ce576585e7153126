package io.keygate.vault.server.kv2;

import io.keygate.vault.SecretVault;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.identity.LoginThrottle;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A HashiCorp Vault KV v2-compatible API on the admin listener, so that Vault clients (Spring
 * Vault, the {@code vault kv} CLI, curl scripts) read and write Keygate secrets unchanged.
 *
 * <p>Under {@code /v1/<mount>/}: {@code data/<path>}, {@code metadata/<path>}, {@code
 * delete|undelete|destroy/<path>} and {@code config}. The mount is a Keygate vault; the path maps
 * to a secret name as {@link KvPath} says; a KV secret (a JSON object) is stored as its JSON text
 * with content type {@code application/json}; KV version {@code n} is the secret's {@code n}-th
 * Keygate version. Also {@code GET /v1/sys/health}, {@code GET /v1/auth/token/lookup-self} and the
 * {@code vault} CLI's preflight {@code GET /v1/sys/internal/ui/mounts/<mount>}.
 *
 * <p>Callers present {@code X-Vault-Token} (or {@code Authorization: Bearer}): the admin token, or
 * a token {@link CallerTokens} accepts. RBAC applies as on the native API; audit entries say {@code
 * via=kv2-api}. Errors are Vault's {@code {"errors":[...]}} with Vault's statuses.
 *
 * <p>The routes never shadow the listener's own: mounts named like a native route ({@link
 * #RESERVED_MOUNTS} and every first segment the listener serves under {@code /v1/}) are left to
 * them.
 */
public final class Kv2Api {
  /** Names that are never KV mounts: Keygate's native routes and Vault's system paths. */
  public static final Set<String> RESERVED_MOUNTS =
      Set.of(
          "vaults",
          "master-key",
          "rbac",
          "rotation",
          "events",
          "gateway",
          "apps",
          "audit",
          "resolve",
          "sources",
          "sys",
          "auth");

  private static final String MOUNT_GROUP = "(?<mount>[^/]+)";
  private final SecretVault vault;
  private final AdminToken admin;
  private final CallerTokens tokens;
  private final AppRoleLogin appRole;
  private final LoginThrottle throttle;

  private Kv2Api(
      SecretVault vault,
      AdminToken admin,
      CallerTokens tokens,
      AppRoleLogin appRole,
      LoginThrottle throttle) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.admin = Objects.requireNonNull(admin, "admin");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.appRole = Objects.requireNonNull(appRole, "appRole");
    this.throttle = Objects.requireNonNull(throttle, "throttle");
  }

  /** The API over {@code vault}, accepting the admin token only. */
  public static Kv2Api create(SecretVault vault, AdminToken admin) {
    return new Kv2Api(vault, admin, CallerTokens.NONE, AppRoleLogin.NONE, LoginThrottle.defaults());
  }

  /** The same API, also accepting the tokens {@code tokens} validates. */
  public Kv2Api withTokens(CallerTokens tokens) {
    return new Kv2Api(vault, admin, tokens, appRole, throttle);
  }

  /**
   * The same API, also accepting every token {@code authenticator} accepts (Keygate-issued tokens
   * of apps, tokens of configured OIDC issuers), presented as {@code via=kv2-api}.
   */
  public Kv2Api withTokens(TokenAuthenticator authenticator) {
    return withTokens(
        token ->
            authenticator
                .authenticate(token, KvAuth.VIA)
                .map(caller -> Optional.of(caller.principals()))
                .otherwise(Optional.empty()));
  }

  /**
   * The same API, with {@code POST /v1/auth/approle/login} served by {@code login}; failed logins
   * are throttled by a throttle of its own with {@link LoginThrottle.Settings#DEFAULTS}.
   */
  public Kv2Api withAppRole(AppRoleLogin login) {
    return new Kv2Api(vault, admin, tokens, login, LoginThrottle.defaults());
  }

  /**
   * The same API, with AppRole logins served by {@code login} and throttled by {@code throttle}
   * (pass the token endpoint's, {@code IdentityApi.throttle()}, so that an app's failures count
   * once whichever surface they come through).
   */
  public Kv2Api withAppRole(AppRoleLogin login, LoginThrottle throttle) {
    return new Kv2Api(vault, admin, tokens, login, throttle);
  }

  /**
   * Adds the routes to the listener's root router, ahead of its admin token check.
   *
   * @param nativeSegments first path segments under {@code /v1/} that the listener serves itself;
   *     requests for them are left alone
   */
  public void install(Router root, Set<String> nativeSegments) {
    Set<String> reserved = new TreeSet<>();
    RESERVED_MOUNTS.forEach(name -> reserved.add(name.toLowerCase(Locale.ROOT)));
    nativeSegments.forEach(name -> reserved.add(name.toLowerCase(Locale.ROOT)));
    String alternatives = String.join("|", reserved.stream().map(Pattern::quote).toList());
    String mount = "/v1/(?!(?i:" + alternatives + ")(?:/|$))" + MOUNT_GROUP;
    KvAuth auth = new KvAuth(admin, tokens);
    KvEngine engine = new KvEngine(vault);
    KvDataRoutes data = new KvDataRoutes(engine);
    KvMetadataRoutes metadata = new KvMetadataRoutes(new KvMetadataEngine(vault, engine.guarded()));
    HttpMethod list = HttpMethod.valueOf("LIST");

    String dataPath = mount + "/data/(?<path>.*)";
    route(root, dataPath, List.of(HttpMethod.GET), false, auth).handler(data::read);
    route(root, dataPath, List.of(HttpMethod.POST, HttpMethod.PUT), true, auth)
        .handler(data::write);
    route(root, dataPath, List.of(HttpMethod.PATCH), true, auth).handler(data::patch);
    route(root, dataPath, List.of(HttpMethod.DELETE), false, auth).handler(data::deleteLatest);
    route(
            root,
            mount + "/(?<op>delete|undelete|destroy)/(?<path>.*)",
            List.of(HttpMethod.POST, HttpMethod.PUT),
            true,
            auth)
        .handler(data::versions);

    String metadataPath = mount + "/metadata(?:/(?<path>.*))?";
    route(root, metadataPath, List.of(HttpMethod.GET), false, auth).handler(metadata::get);
    route(root, metadataPath, List.of(list), false, auth).handler(metadata::list);
    route(root, metadataPath, List.of(HttpMethod.POST, HttpMethod.PUT), true, auth)
        .handler(metadata::write);
    route(root, metadataPath, List.of(HttpMethod.DELETE), false, auth).handler(metadata::delete);
    route(root, mount + "/config", List.of(HttpMethod.GET), false, auth).handler(metadata::config);

    if (!reservedNatively(nativeSegments, "sys")) {
      root.routeWithRegex(HttpMethod.GET, "/v1/sys/health").handler(ctx -> health(ctx));
      root.routeWithRegex(HttpMethod.HEAD, "/v1/sys/health").handler(ctx -> health(ctx));
      // The vault CLI asks this before every `vault kv` command to learn the mount and version.
      String mounts =
          "/v1/sys/internal/ui/mounts/(?!(?i:"
              + alternatives
              + ")(?:/|$))"
              + MOUNT_GROUP
              + "(?:/.*)?";
      root.routeWithRegex(HttpMethod.GET, mounts).handler(auth).handler(Kv2Api::mountInfo);
    }
    if (!reservedNatively(nativeSegments, "auth")) {
      root.routeWithRegex(HttpMethod.GET, "/v1/auth/token/lookup-self")
          .handler(auth)
          .handler(KvTokenRoutes::lookupSelf);
      if (appRole != AppRoleLogin.NONE) {
        root.routeWithRegex(HttpMethod.POST, "/v1/auth/approle/login")
            .handler(new KvBody())
            .handler(new KvAppRoleRoutes(appRole, throttle)::login);
      }
    }
  }

  private static boolean reservedNatively(Set<String> nativeSegments, String segment) {
    return nativeSegments.stream().anyMatch(segment::equalsIgnoreCase);
  }

  private static Route route(
      Router root, String regex, List<HttpMethod> methods, boolean body, KvAuth auth) {
    Route route = root.routeWithRegex(regex);
    methods.forEach(route::method);
    if (body) {
      route.handler(new KvBody());
    }
    return route.handler(auth);
  }

  /** What {@code sys/internal/ui/mounts/<path>} says of a mount: a KV version 2 engine. */
  private static void mountInfo(io.vertx.ext.web.RoutingContext ctx) {
    String mount = ctx.pathParam("mount");
    KvResponder.ok(
        ctx,
        new JsonObject()
            .put("type", "kv")
            .put("path", mount + "/")
            .put("description", "Keygate vault " + mount)
            .put("options", new JsonObject().put("version", "2"))
            .put("local", false)
            .put("seal_wrap", false));
  }

  /** Vault's health answer: initialized, unsealed, active. */
  private static void health(io.vertx.ext.web.RoutingContext ctx) {
    KvResponder.write(
        ctx,
        200,
        new JsonObject()
            .put("initialized", true)
            .put("sealed", false)
            .put("standby", false)
            .put("performance_standby", false)
            .put("replication_performance_mode", "disabled")
            .put("replication_dr_mode", "disabled")
            .put("server_time_utc", Instant.now().getEpochSecond())
            .put("version", "1.15.0+keygate")
            .put("cluster_name", "keygate"));
  }
}
