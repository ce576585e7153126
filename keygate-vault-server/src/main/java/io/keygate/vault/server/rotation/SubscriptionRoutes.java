package io.keygate.vault.server.rotation;

import io.keygate.vault.events.DeadLetter;
import io.keygate.vault.events.EventSubscription;
import io.keygate.vault.events.EventSubscriptions;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.AuditedChange;
import io.keygate.vault.rbac.AuditedChange.Subject;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.internal.AdminActor;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;

/**
 * Event webhook subscriptions: {@code POST /subscriptions} ({@code url}, {@code hmacKey}
 * VAULT/NAME, {@code format}, {@code allowInsecureLoopback}), {@code GET /subscriptions}, {@code
 * GET|DELETE /subscriptions/{id}} (GET includes the dead letters). Creating and deleting one is
 * audited ({@code CREATE_SUBSCRIPTION}, {@code DELETE_SUBSCRIPTION}, naming the subscription's id,
 * never its URL, which may carry a credential).
 */
final class SubscriptionRoutes {
  private static final Set<String> FIELDS =
      Set.of("url", "hmacKey", "format", "allowInsecureLoopback");
  private final EventSubscriptions subscriptions;
  private final AuditedChange audited;

  private SubscriptionRoutes(EventSubscriptions subscriptions, AuditedChange audited) {
    this.subscriptions = subscriptions;
    this.audited = audited;
  }

  static void addTo(Router router, EventSubscriptions subscriptions, AuditedChange audited) {
    SubscriptionRoutes routes = new SubscriptionRoutes(subscriptions, audited);
    router
        .post("/subscriptions")
        .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
        .handler(routes::create);
    router.get("/subscriptions").handler(routes::list);
    router.get("/subscriptions/:id").handler(routes::get);
    router.delete("/subscriptions/:id").handler(routes::delete);
  }

  private void create(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(ApiError.badParameter("subscription must be a JSON object"));
      return;
    }
    if (body == null) {
      ctx.fail(ApiError.badParameter("subscription must be a JSON object"));
      return;
    }
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        ctx.fail(ApiError.badParameter("subscription: unknown field \"" + field + "\""));
        return;
      }
    }
    Object insecure = body.getValue("allowInsecureLoopback", false);
    Object url = body.getValue("url");
    Object key = body.getValue("hmacKey");
    Object format = body.getValue("format", "eventgrid");
    if (!(insecure instanceof Boolean)
        || !(url instanceof String)
        || !(key instanceof String)
        || !(format instanceof String)) {
      ctx.fail(
          ApiError.badParameter(
              "subscription needs url and hmacKey strings, format a string, allowInsecureLoopback a boolean"));
      return;
    }
    Actor actor = AdminActor.of(ctx);
    ctx.vertx()
        .executeBlocking(
            () ->
                audited.run(
                    actor,
                    "CREATE_SUBSCRIPTION",
                    "",
                    "",
                    () ->
                        subscriptions.create(
                            (String) url, (String) key, (String) format, (Boolean) insecure),
                    created -> new Subject(created.id(), "")),
            false)
        .onSuccess(
            s -> {
              ctx.response().setStatusCode(201);
              ctx.json(json(s));
            })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(subscriptions::list, false)
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.forEach(s -> items.add(json(s)));
              ctx.json(new JsonObject().put("value", items));
            })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ctx.vertx()
        .executeBlocking(
            () -> {
              JsonObject json = json(subscriptions.get(id));
              JsonArray dead = new JsonArray();
              for (DeadLetter letter : subscriptions.deadLetters(id)) {
                dead.add(
                    new JsonObject()
                        .put("sequence", letter.sequence())
                        .put("type", letter.type())
                        .put("vault", letter.vault())
                        .put("name", letter.name())
                        .put("version", letter.version())
                        .put("error", letter.error())
                        .put("at", letter.at().getEpochSecond()));
              }
              return json.put("deadLetterEvents", dead);
            },
            false)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Actor actor = AdminActor.of(ctx);
    ctx.vertx()
        .executeBlocking(
            () ->
                audited.run(
                    actor,
                    "DELETE_SUBSCRIPTION",
                    "",
                    id,
                    () -> {
                      subscriptions.delete(id);
                      return Boolean.TRUE;
                    },
                    deleted -> Subject.NONE),
            false)
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static JsonObject json(EventSubscription s) {
    JsonObject json =
        new JsonObject()
            .put("id", s.id())
            .put("url", s.url())
            .put("hmacKey", s.hmacKey())
            .put("format", s.format())
            .put("created", s.created().getEpochSecond())
            .put("deliveredThrough", s.deliveredThrough())
            .put("failures", s.failures())
            .put("deadLetters", s.deadLetters());
    s.nextAttempt().ifPresent(t -> json.put("nextAttempt", t.getEpochSecond()));
    s.lastError().ifPresent(e -> json.put("lastError", e));
    return json;
  }
}
