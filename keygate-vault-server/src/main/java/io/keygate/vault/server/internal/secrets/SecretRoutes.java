package io.keygate.vault.server.internal.secrets;

import io.keygate.vault.SecretVault;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.AuditedChange;
import io.keygate.vault.rbac.GuardedVault;
import io.keygate.vault.server.audit.AuditVerifyRoute;
import io.keygate.vault.server.internal.AdminActor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The vault's native admin API, mounted under {@code /v1}: vaults, secrets, versions, deleted
 * secrets, backup and restore. Every vault call runs on a worker thread; its typed errors fail the
 * routing context and the listener's failure handler answers them. Every read of a value and every
 * change is audited (through {@link GuardedVault}, or {@link AuditedChange} for creating a vault).
 */
public final class SecretRoutes {
  /** Request bodies above this are refused with 413 before they are parsed. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** Restore bodies carry every version of a secret, so they may be larger. */
  public static final int MAX_RESTORE_BODY_BYTES = 32 * 1024 * 1024;

  /** The surface named in audit entries. */
  static final String VIA = AdminActor.VIA;

  private final SecretVault vault;
  private final GuardedVault guarded;
  private final AuditedChange audited;

  private SecretRoutes(SecretVault vault) {
    this.vault = vault;
    this.guarded = new GuardedVault(vault);
    this.audited = new AuditedChange(vault.audit(), Clock.systemUTC());
  }

  /**
   * Adds every route of the admin API under {@code /v1} to {@code router}. They are added to the
   * listener's root router rather than mounted as a sub-router, so that other routers can be
   * mounted under {@code /v1/...} beside them.
   */
  public static void addTo(Router router, SecretVault vault, MasterKeyRoutes masterKey) {
    SecretRoutes routes = new SecretRoutes(vault);
    router
        .route("/v1/*")
        .handler(
            ctx -> {
              ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
              ctx.next();
            });
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    BodyHandler restoreBody = BodyHandler.create(false).setBodyLimit(MAX_RESTORE_BODY_BYTES);

    router.get("/v1/vaults").handler(routes::listVaults);
    router.put("/v1/vaults/:vault").handler(routes::createVault);

    router.get("/v1/vaults/:vault/secrets").handler(routes::list);
    router.post("/v1/vaults/:vault/secrets/restore").handler(restoreBody).handler(routes::restore);
    router.put("/v1/vaults/:vault/secrets/:name").handler(body).handler(routes::set);
    router.get("/v1/vaults/:vault/secrets/:name").handler(routes::get);
    router.patch("/v1/vaults/:vault/secrets/:name").handler(body).handler(routes::update);
    router.delete("/v1/vaults/:vault/secrets/:name").handler(routes::delete);
    router.get("/v1/vaults/:vault/secrets/:name/versions").handler(routes::versions);
    router.post("/v1/vaults/:vault/secrets/:name/backup").handler(routes::backup);
    router.get("/v1/vaults/:vault/secrets/:name/:version").handler(routes::get);
    router.patch("/v1/vaults/:vault/secrets/:name/:version").handler(body).handler(routes::update);

    router.get("/v1/vaults/:vault/deletedsecrets").handler(routes::listDeleted);
    router.get("/v1/vaults/:vault/deletedsecrets/:name").handler(routes::getDeleted);
    router.delete("/v1/vaults/:vault/deletedsecrets/:name").handler(routes::purge);
    router.post("/v1/vaults/:vault/deletedsecrets/:name/recover").handler(routes::recover);

    router.post("/v1/master-key/rotate").handler(body).handler(masterKey::rotate);
    router.get(AuditVerifyRoute.PATH).handler(new AuditVerifyRoute(vault)::handle);
  }

  private void listVaults(RoutingContext ctx) {
    blocking(
        ctx,
        vault::listVaults,
        vaults -> {
          JsonArray items = new JsonArray();
          vaults.forEach(info -> items.add(SecretJson.vault(info)));
          return new JsonObject().put("value", items);
        });
  }

  private void createVault(RoutingContext ctx) {
    String name = ctx.pathParam("vault");
    Actor actor = actor(ctx);
    blocking(
        ctx,
        () ->
            audited.run(
                actor,
                "CREATE_VAULT",
                name,
                "",
                () -> vault.createVault(name),
                created -> AuditedChange.Subject.NONE),
        SecretJson::vault,
        201);
  }

  private void set(RoutingContext ctx) {
    var request = SecretRequests.set(ctx.body().buffer());
    blocking(
        ctx,
        () -> guarded.setSecret(actor(ctx), vaultName(ctx), name(ctx), request),
        properties -> SecretJson.version(base(ctx), properties));
  }

  /** Audited before it is answered: a value whose read cannot be audited is not served. */
  private void get(RoutingContext ctx) {
    String base = base(ctx);
    blocking(
        ctx,
        () ->
            guarded.readValue(
                actor(ctx),
                vaultName(ctx),
                name(ctx),
                version(ctx),
                bundle -> SecretJson.bundle(base, bundle)),
        json -> json);
  }

  private void list(RoutingContext ctx) {
    Paging paging = Paging.of(ctx);
    blocking(
        ctx,
        () -> vault.listSecrets(vaultName(ctx), paging.maxResults(), paging.skipToken()),
        page -> paging.toJson(ctx, base(ctx), page, p -> SecretJson.item(base(ctx), p)));
  }

  private void versions(RoutingContext ctx) {
    Paging paging = Paging.of(ctx);
    blocking(
        ctx,
        () ->
            vault.listVersions(vaultName(ctx), name(ctx), paging.maxResults(), paging.skipToken()),
        page -> paging.toJson(ctx, base(ctx), page, p -> SecretJson.version(base(ctx), p)));
  }

  private void update(RoutingContext ctx) {
    var request = SecretRequests.update(ctx.body().buffer());
    blocking(
        ctx,
        () -> guarded.updateSecret(actor(ctx), vaultName(ctx), name(ctx), version(ctx), request),
        properties -> SecretJson.version(base(ctx), properties));
  }

  private void delete(RoutingContext ctx) {
    blocking(
        ctx,
        () -> guarded.deleteSecret(actor(ctx), vaultName(ctx), name(ctx)),
        deleted -> SecretJson.deleted(base(ctx), deleted));
  }

  private void backup(RoutingContext ctx) {
    blocking(
        ctx,
        () -> guarded.backupSecret(actor(ctx), vaultName(ctx), name(ctx)),
        blob ->
            new JsonObject()
                .put("value", Base64.getUrlEncoder().withoutPadding().encodeToString(blob)));
  }

  private void restore(RoutingContext ctx) {
    // A restore body may be megabytes: decode it on the worker too, not on the event loop.
    blocking(
        ctx,
        () ->
            guarded.restoreSecret(
                actor(ctx), vaultName(ctx), SecretRequests.restore(ctx.body().buffer())),
        properties -> SecretJson.version(base(ctx), properties));
  }

  private void listDeleted(RoutingContext ctx) {
    Paging paging = Paging.of(ctx);
    blocking(
        ctx,
        () -> vault.listDeletedSecrets(vaultName(ctx), paging.maxResults(), paging.skipToken()),
        page -> paging.toJson(ctx, base(ctx), page, d -> SecretJson.deleted(base(ctx), d)));
  }

  private void getDeleted(RoutingContext ctx) {
    blocking(
        ctx,
        () -> vault.getDeletedSecret(vaultName(ctx), name(ctx)),
        deleted -> SecretJson.deleted(base(ctx), deleted));
  }

  private void recover(RoutingContext ctx) {
    blocking(
        ctx,
        () -> guarded.recoverDeletedSecret(actor(ctx), vaultName(ctx), name(ctx)),
        properties -> SecretJson.version(base(ctx), properties));
  }

  private void purge(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(
            () -> {
              guarded.purgeDeletedSecret(actor(ctx), vaultName(ctx), name(ctx));
              return null;
            },
            false)
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static <T> void blocking(
      RoutingContext ctx, Callable<T> work, Function<T, JsonObject> answer) {
    blocking(ctx, work, answer, 200);
  }

  /** Runs a vault call on a worker thread, then answers on the event loop. */
  public static <T> void blocking(
      RoutingContext ctx, Callable<T> work, Function<T, JsonObject> answer, int status) {
    ctx.vertx()
        .executeBlocking(work, false)
        .onSuccess(
            result -> {
              JsonObject json = answer.apply(result);
              ctx.response().setStatusCode(status);
              ctx.json(json);
            })
        .onFailure(ctx::fail);
  }

  /**
   * The admin token's holder, with the client's X-Request-Id (or a new one) for the audit trail.
   */
  static Actor actor(RoutingContext ctx) {
    return AdminActor.of(ctx);
  }

  private static String vaultName(RoutingContext ctx) {
    return ctx.pathParam("vault");
  }

  private static String name(RoutingContext ctx) {
    return ctx.pathParam("name");
  }

  private static Optional<String> version(RoutingContext ctx) {
    return Optional.ofNullable(ctx.pathParam("version"));
  }

  /** {@code https://host:port} as the client addressed this listener, for ids and next links. */
  public static String base(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    String scheme = ctx.request().scheme();
    if (authority == null) {
      return scheme + "://" + ctx.request().localAddress().hostAddress();
    }
    String host =
        authority.host().contains(":") && !authority.host().startsWith("[")
            ? "[" + authority.host() + "]"
            : authority.host();
    return scheme + "://" + host + (authority.port() > 0 ? ":" + authority.port() : "");
  }
}
