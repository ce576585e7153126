package io.keygate.vault.server.rbac;

import io.keygate.vault.SecretVault;
import io.keygate.vault.audit.AuditJson;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Principals;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.RoleAssignment;
import io.keygate.vault.rbac.Scope;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.internal.JsonBody;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The role-assignment admin API, mounted behind the admin token at {@link #MOUNT}: {@code GET
 * /v1/rbac/assignments} lists ({@code ?principal=&scope=} filter), {@code PUT} with {@code
 * {"principal","role","scope"}} assigns (idempotent), {@code DELETE ?principal=&role=&scope=}
 * revokes; {@code GET /v1/rbac/audit?limit=N} returns the latest audit entries, newest first
 * (default 100, at most 1000). The admin token acts as the {@code admin} principal ({@code
 * vault-admin} everywhere); every change is audited with the request id ({@code X-Request-Id}, or a
 * generated one). Bad principals, roles or scopes are 400 {@code BadParameter} with the expected
 * syntax.
 */
public final class RoleRoutes {
  /** Where {@link #router} expects to be mounted. */
  public static final String MOUNT = "/v1/rbac";

  /** The collection's path inside the router: {@code /v1/rbac/assignments} once mounted. */
  public static final String PATH = "/assignments";

  /** The audit trail's path inside the router: {@code /v1/rbac/audit} once mounted. */
  public static final String AUDIT_PATH = "/audit";

  private static final int DEFAULT_AUDIT_LIMIT = 100;
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Pattern REQUEST_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
  private static final Set<String> FIELDS = Set.of("principal", "role", "scope");

  private final SecretVault vault;

  private RoleRoutes(SecretVault vault) {
    this.vault = vault;
  }

  /** A router with the three routes; mount it at {@link #MOUNT} with {@code AdminServer.mount}. */
  public static Router router(Vertx vertx, SecretVault vault) {
    RoleRoutes routes = new RoleRoutes(vault);
    Router router = Router.router(vertx);
    router
        .route()
        .handler(
            ctx -> {
              ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
              ctx.next();
            });
    router.get(PATH).handler(routes::list);
    router
        .put(PATH)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(routes::assign);
    router.delete(PATH).handler(routes::revoke);
    router.get(AUDIT_PATH).handler(routes::audit);
    return router;
  }

  private void list(RoutingContext ctx) {
    Optional<String> principal = query(ctx, "principal").map(RoleRoutes::principal);
    Optional<Scope> scope = query(ctx, "scope").map(RoleRoutes::scope);
    blocking(
        ctx,
        () -> vault.roles().list(principal, scope),
        assignments -> {
          JsonArray items = new JsonArray();
          assignments.forEach(a -> items.add(json(a)));
          ctx.json(new JsonObject().put("value", items));
        });
  }

  private void assign(RoutingContext ctx) {
    JsonBody body = JsonBody.parse(ctx.body().buffer(), FIELDS);
    String principal = principal(body.requiredString("principal"));
    Role role = role(body.requiredString("role"));
    Scope scope = scope(body.requiredString("scope"));
    Actor actor = actor(ctx);
    blocking(
        ctx,
        () -> vault.roles().assign(actor, principal, role, scope),
        assignment -> ctx.json(json(assignment)));
  }

  private void revoke(RoutingContext ctx) {
    String principal = principal(requiredQuery(ctx, "principal"));
    Role role = role(requiredQuery(ctx, "role"));
    Scope scope = scope(requiredQuery(ctx, "scope"));
    Actor actor = actor(ctx);
    blocking(
        ctx,
        () -> {
          vault.roles().revoke(actor, principal, role, scope);
          return null;
        },
        ignored -> ctx.response().setStatusCode(204).end());
  }

  private void audit(RoutingContext ctx) {
    int limit =
        query(ctx, "limit")
            .map(
                text -> {
                  try {
                    return Integer.parseInt(text);
                  } catch (NumberFormatException e) {
                    return -1;
                  }
                })
            .orElse(DEFAULT_AUDIT_LIMIT);
    if (limit < 1 || limit > 1000) {
      throw ApiError.badParameter("query parameter 'limit' must be a number from 1 to 1000");
    }
    blocking(
        ctx,
        () -> vault.audit().recentChained(limit),
        entries -> {
          JsonArray items = new JsonArray();
          entries.forEach(entry -> items.add(new JsonObject(AuditJson.line(entry))));
          ctx.json(new JsonObject().put("value", items));
        });
  }

  private static Actor actor(RoutingContext ctx) {
    String requested = ctx.request().getHeader("X-Request-Id");
    String id =
        requested != null && REQUEST_ID.matcher(requested).matches()
            ? requested
            : UUID.randomUUID().toString();
    return Actor.admin("admin-api", id);
  }

  static JsonObject json(RoleAssignment assignment) {
    return new JsonObject()
        .put("principal", assignment.principal())
        .put("role", assignment.role().id())
        .put("scope", assignment.scope().toString())
        .put("created", assignment.created().getEpochSecond())
        .put("createdBy", assignment.createdBy());
  }

  private static String principal(String text) {
    try {
      return Principals.requireValid(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.badParameter(e.getMessage());
    }
  }

  private static Role role(String text) {
    try {
      return Role.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.badParameter(e.getMessage());
    }
  }

  private static Scope scope(String text) {
    try {
      return Scope.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.badParameter(e.getMessage());
    }
  }

  private static Optional<String> query(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.size() > 1) {
      throw ApiError.badParameter("query parameter '" + name + "' is given more than once");
    }
    return values.stream().findFirst();
  }

  private static String requiredQuery(RoutingContext ctx, String name) {
    return query(ctx, name)
        .orElseThrow(() -> ApiError.badParameter("query parameter '" + name + "' is required"));
  }

  private static <T> void blocking(
      RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> answer) {
    ctx.vertx().executeBlocking(work, false).onSuccess(answer::accept).onFailure(ctx::fail);
  }
}
