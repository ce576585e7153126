package io.keygate.vault.server.rotation;

import io.keygate.vault.VaultException;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.AuditedChange;
import io.keygate.vault.rbac.AuditedChange.Subject;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.rotation.RotationPolicy;
import io.keygate.vault.rotation.RotationPolicyJson;
import io.keygate.vault.rotation.RotationRecord;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.internal.AdminActor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;

/** The rotation routes; every vault call runs on a worker thread; every change is audited. */
final class RotationRoutes {
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final String POLICY_NOT_FOUND = "RotationPolicyNotFound";
  private static final String SET_POLICY = "SET_ROTATION_POLICY";
  private static final String DELETE_POLICY = "DELETE_ROTATION_POLICY";
  private static final String SET_DEFAULT_POLICY = "SET_DEFAULT_ROTATION_POLICY";
  private static final String ROTATE_NOW = "ROTATE_NOW";
  private final Rotation rotation;
  private final AuditedChange audited;

  private RotationRoutes(Rotation rotation) {
    this.rotation = rotation;
    this.audited = new AuditedChange(rotation.audit(), Clock.systemUTC());
  }

  static Router router(Vertx vertx, Rotation rotation) {
    RotationRoutes routes = new RotationRoutes(rotation);
    Router router = Router.router(vertx);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    router.get("/vaults/:vault/policy").handler(routes::getDefault);
    router.put("/vaults/:vault/policy").handler(body).handler(routes::setDefault);
    router.get("/vaults/:vault/secrets/:name/policy").handler(routes::get);
    router.put("/vaults/:vault/secrets/:name/policy").handler(body).handler(routes::set);
    router.delete("/vaults/:vault/secrets/:name/policy").handler(routes::delete);
    router.post("/vaults/:vault/secrets/:name/rotate").handler(routes::rotate);
    router.get("/vaults/:vault/secrets/:name/history").handler(routes::history);
    SubscriptionRoutes.addTo(router, rotation.subscriptions(), routes.audited);
    return router;
  }

  private void get(RoutingContext ctx) {
    String vault = ctx.pathParam("vault");
    String name = ctx.pathParam("name");
    blocking(
        ctx,
        () ->
            rotation
                .policies()
                .get(vault, name)
                .orElseThrow(
                    () ->
                        new VaultException.NotFound(
                            POLICY_NOT_FOUND,
                            "secret " + vault + "/" + name + " has no rotation policy")),
        200);
  }

  private void set(RoutingContext ctx) {
    String json = body(ctx);
    String vault = ctx.pathParam("vault");
    String name = ctx.pathParam("name");
    Actor actor = AdminActor.of(ctx);
    blocking(
        ctx,
        () ->
            audited.run(
                actor,
                SET_POLICY,
                vault,
                name,
                () -> rotation.policies().set(vault, name, RotationPolicyJson.parse(json)),
                policy -> Subject.NONE),
        200);
  }

  private void delete(RoutingContext ctx) {
    String vault = ctx.pathParam("vault");
    String name = ctx.pathParam("name");
    Actor actor = AdminActor.of(ctx);
    ctx.vertx()
        .executeBlocking(
            () ->
                audited.run(
                    actor,
                    DELETE_POLICY,
                    vault,
                    name,
                    () -> {
                      if (!rotation.policies().delete(vault, name)) {
                        throw new VaultException.NotFound(
                            POLICY_NOT_FOUND,
                            "secret " + vault + "/" + name + " has no rotation policy");
                      }
                      return Boolean.TRUE;
                    },
                    deleted -> Subject.NONE),
            false)
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void getDefault(RoutingContext ctx) {
    String vault = ctx.pathParam("vault");
    blocking(
        ctx,
        () ->
            rotation
                .policies()
                .getDefault(vault)
                .orElseThrow(
                    () ->
                        new VaultException.NotFound(
                            POLICY_NOT_FOUND,
                            "vault " + vault + " has no default rotation policy")),
        200);
  }

  private void setDefault(RoutingContext ctx) {
    String json = body(ctx);
    String vault = ctx.pathParam("vault");
    Actor actor = AdminActor.of(ctx);
    blocking(
        ctx,
        () ->
            audited.run(
                actor,
                SET_DEFAULT_POLICY,
                vault,
                "",
                () -> rotation.policies().setDefault(vault, RotationPolicyJson.parse(json)),
                policy -> Subject.NONE),
        200);
  }

  private void rotate(RoutingContext ctx) {
    String vault = ctx.pathParam("vault");
    String name = ctx.pathParam("name");
    Actor actor = AdminActor.of(ctx);
    // The rotation itself is audited as ROTATE by the scheduler; this entry says who asked.
    ctx.vertx()
        .executeBlocking(
            () ->
                audited.run(
                    actor,
                    ROTATE_NOW,
                    vault,
                    name,
                    () -> rotation.scheduler().rotateNow(vault, name),
                    record -> Subject.version(record.newVersion().orElse(""))),
            false)
        .onSuccess(
            record ->
                ctx.response()
                    .setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(record(record).encode()))
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    int limit = 25;
    String given = ctx.request().getParam("maxresults");
    if (given != null) {
      try {
        limit = Integer.parseInt(given);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 100) {
        ctx.fail(ApiError.badParameter("maxresults must be a whole number from 1 to 100"));
        return;
      }
    }
    int max = limit;
    ctx.vertx()
        .executeBlocking(
            () -> rotation.scheduler().history(ctx.pathParam("vault"), ctx.pathParam("name"), max),
            false)
        .onSuccess(
            records -> {
              JsonArray items = new JsonArray();
              records.forEach(r -> items.add(record(r)));
              ctx.json(new JsonObject().put("value", items));
            })
        .onFailure(ctx::fail);
  }

  static JsonObject record(RotationRecord r) {
    JsonObject json =
        new JsonObject()
            .put("id", r.id())
            .put("vault", r.vault())
            .put("name", r.name())
            .put("started", r.started().getEpochSecond())
            .put("finished", r.finished().getEpochSecond())
            .put("outcome", r.outcome())
            .put("trigger", r.trigger());
    r.credential().ifPresent(c -> json.put("credential", c));
    r.previousVersion().ifPresent(v -> json.put("previousVersion", v));
    r.newVersion().ifPresent(v -> json.put("newVersion", v));
    r.error().ifPresent(e -> json.put("error", e));
    r.disableAt().ifPresent(t -> json.put("previousDisabledAt", t.getEpochSecond()));
    return json;
  }

  private static String body(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null
        ? ""
        : ctx.body().buffer().toString(StandardCharsets.UTF_8);
  }

  private static void blocking(RoutingContext ctx, Callable<RotationPolicy> work, int status) {
    ctx.vertx()
        .executeBlocking(work, false)
        .onSuccess(
            policy ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(RotationPolicyJson.format(policy)))
        .onFailure(ctx::fail);
  }
}
