package io.keygate.gateway.admin;

import io.keygate.gateway.config.DefinitionRegistry;
import io.keygate.gateway.config.Durations;
import io.keygate.gateway.keys.ApiKeyInfo;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.CreatedKey;
import io.keygate.gateway.keys.KeyActor;
import io.keygate.gateway.keys.KeyAuditException;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code /keys} routes of the management API. Database and audit work runs on worker threads;
 * every change, and every refused one, is recorded in the audit trail as done by {@link
 * AdminCaller}.
 */
final class KeyRoutes {
  private static final java.util.Set<String> FIELDS =
      new java.util.TreeSet<>(java.util.List.of("alias", "expires", "policy"));

  private final Vertx vertx;
  private final ApiKeys keys;
  private final DefinitionRegistry definitions;

  KeyRoutes(Vertx vertx, ApiKeys keys, DefinitionRegistry definitions) {
    this.vertx = vertx;
    this.keys = keys;
    this.definitions = definitions;
  }

  void addTo(Router router) {
    router.post("/keys").handler(this::create);
    router.get("/keys").handler(this::list);
    router.get("/keys/:id").handler(this::get);
    router.delete("/keys/:id").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().isEmpty() ? null : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    if (body == null) {
      bad(ctx, "BadRequest", "the body must be a JSON object such as {\"policy\":\"standard\"}");
      return;
    }
    // A typo ("expire": "30d") must not create a key that never expires: unknown fields are
    // refused.
    for (String field : body.fieldNames()) {
      if (!FIELDS.contains(field)) {
        bad(ctx, "BadRequest", "unknown field '" + field + "'; the fields are " + FIELDS);
        return;
      }
    }
    Object policyField = body.getValue("policy");
    Object aliasField = body.getValue("alias");
    Object expiresField = body.getValue("expires");
    if (!(policyField instanceof String policy) || policy.isBlank()) {
      bad(ctx, "BadRequest", "'policy' is required");
      return;
    }
    if (aliasField != null && !(aliasField instanceof String)) {
      bad(ctx, "BadRequest", "'alias' must be a string");
      return;
    }
    KeyActor actor = AdminCaller.of(ctx);
    String alias = aliasField == null ? null : (String) aliasField;
    if (!definitions.current().policies().containsKey(policy)) {
      refuseCreation(
          ctx,
          actor,
          policy,
          alias,
          "UnknownPolicy",
          "UnknownPolicy",
          "Policy '" + policy + "' is not defined");
      return;
    }
    Duration expiresIn;
    try {
      expiresIn = expiresIn(expiresField);
    } catch (IllegalArgumentException e) {
      refuseCreation(
          ctx, actor, policy, alias, "BadParameter", "BadRequest", "'expires': " + e.getMessage());
      return;
    }
    vertx
        .executeBlocking(() -> keys.create(actor, policy, alias, expiresIn), false)
        .onSuccess(created -> ManagementApi.json(ctx, 201, createdJson(created)))
        .onFailure(e -> failed(ctx, e));
  }

  /**
   * Answers 400 {@code code}/{@code message} once the refused creation is in the audit trail as
   * {@code auditCode} (KEYS-AND-POLICIES.md: every creation "and every refused one").
   */
  private void refuseCreation(
      RoutingContext ctx,
      KeyActor actor,
      String policy,
      String alias,
      String auditCode,
      String code,
      String message) {
    vertx
        .executeBlocking(
            () -> {
              keys.refusedCreation(actor, policy, alias, auditCode);
              return null;
            },
            false)
        .onSuccess(v -> bad(ctx, code, message))
        .onFailure(e -> failed(ctx, e));
  }

  private void list(RoutingContext ctx) {
    JsonArray all = new JsonArray();
    for (ApiKeyInfo info : keys.list()) {
      all.add(infoJson(info));
    }
    ManagementApi.json(ctx, 200, all);
  }

  private void get(RoutingContext ctx) {
    Optional<ApiKeyInfo> info = keys.find(ctx.pathParam("id"));
    if (info.isEmpty()) {
      notFound(ctx);
      return;
    }
    ManagementApi.json(ctx, 200, infoJson(info.get()));
  }

  private void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    KeyActor actor = AdminCaller.of(ctx);
    vertx
        .executeBlocking(() -> keys.revoke(actor, id), false)
        .onSuccess(
            revoked -> {
              if (revoked.isEmpty()) {
                notFound(ctx);
              } else {
                ManagementApi.json(ctx, 200, infoJson(revoked.get()));
              }
            })
        .onFailure(e -> failed(ctx, e));
  }

  /** A duration ({@code 30d}) from now, or an RFC 3339 time; null for none. */
  private static Duration expiresIn(Object field) {
    if (field == null) {
      return null;
    }
    if (!(field instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException("must be a duration such as 30d, or an RFC 3339 time");
    }
    if (Character.isDigit(text.charAt(0)) && text.contains("T")) {
      try {
        Duration left = Duration.between(Instant.now(), Instant.parse(text));
        if (left.isNegative() || left.isZero()) {
          throw new IllegalArgumentException("must be in the future");
        }
        return notTooFar(left);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time");
      }
    }
    return notTooFar(Durations.parse(text));
  }

  /** A key for longer than this is a typo (and past Instant's range a crash), not a plan. */
  private static final Duration LONGEST = Duration.ofDays(3650);

  /** A key that expires sooner is expired by the time anyone could use it: a typo too. */
  private static final Duration SHORTEST = Duration.ofMinutes(1);

  private static Duration notTooFar(Duration expiresIn) {
    if (expiresIn.compareTo(SHORTEST) < 0) {
      throw new IllegalArgumentException("must be at least 1m from now");
    }
    if (expiresIn.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("must be at most 3650d (ten years) from now");
    }
    return expiresIn;
  }

  static JsonObject infoJson(ApiKeyInfo info) {
    JsonObject json =
        new JsonObject()
            .put("id", info.id())
            .put("alias", info.alias())
            .put("policy", info.policy())
            .put("created", info.created().toString())
            .put("expires", info.expires() == null ? null : info.expires().toString())
            .put("lastUsed", info.lastUsed() == null ? null : info.lastUsed().toString())
            .put("revoked", info.revoked() == null ? null : info.revoked().toString());
    return json;
  }

  private static JsonObject createdJson(CreatedKey created) {
    return infoJson(created.info()).put("key", created.key().reveal());
  }

  private static void bad(RoutingContext ctx, String code, String message) {
    ManagementErrors.write(ctx, 400, code, message);
  }

  private static void notFound(RoutingContext ctx) {
    ManagementErrors.write(ctx, 404, "KeyNotFound", "There is no API key with that id");
  }

  private static void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof IllegalArgumentException) {
      bad(ctx, "BadRequest", e.getMessage());
    } else if (e instanceof KeyAuditException) {
      // Fails closed like the vault: 503 AuditUnavailable, with what became of the key.
      ManagementErrors.write(ctx, 503, "AuditUnavailable", e.getMessage());
    } else {
      ManagementErrors.write(ctx, 503, "KeyStoreUnavailable", "the key store is not available");
    }
  }
}
