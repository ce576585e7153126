package io.keygate.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.gateway.config.DefinitionProblem;
import io.keygate.gateway.config.DefinitionRegistry;
import io.keygate.gateway.config.Definitions;
import io.keygate.gateway.keys.ApiKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's management API, a {@link Router} to mount under {@code /v1/gateway} on the admin
 * listener (which checks the admin token). Routes, relative to the mount point:
 *
 * <ul>
 *   <li>{@code GET /apis}, {@code GET /apis/:name}: API definitions in force
 *   <li>{@code GET /policies}, {@code GET /policies/:name}: policies in force
 *   <li>{@code POST /reload}: re-read the definition folders; the answer lists what is in force and
 *       the files that were refused
 *   <li>{@code POST /keys} {@code {"policy","alias","expires"}}: create a key; the only response
 *       that ever contains a key
 *   <li>{@code GET /keys}, {@code GET /keys/:id}: key metadata
 *   <li>{@code DELETE /keys/:id}: revoke a key
 * </ul>
 *
 * Key creations and revocations are recorded in the key store's {@link
 * io.keygate.gateway.keys.KeyAudit} as done by the admin token's holder; when that cannot be
 * written the answer is 503 {@code AuditUnavailable}. Errors are JSON {@code
 * {"error":{"code","message"}}}, written by this router itself.
 */
public final class ManagementApi {
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private ManagementApi() {}

  public static Router router(Vertx vertx, DefinitionRegistry definitions, ApiKeys keys) {
    Router router = Router.router(vertx);
    router.route().failureHandler(ManagementApi::onFailure);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.get("/apis").handler(ctx -> json(ctx, 200, sorted(definitions.current().apis())));
    router
        .get("/apis/:name")
        .handler(ctx -> one(ctx, definitions.current().apis(), "API", "ApiNotFound"));
    router
        .get("/policies")
        .handler(ctx -> json(ctx, 200, sorted(definitions.current().policies())));
    router
        .get("/policies/:name")
        .handler(ctx -> one(ctx, definitions.current().policies(), "Policy", "PolicyNotFound"));
    router.post("/reload").handler(ctx -> reload(ctx, definitions));
    new KeyRoutes(vertx, keys, definitions).addTo(router);
    return router;
  }

  private static void one(
      RoutingContext ctx, Map<String, ?> byName, String kind, String notFoundCode) {
    String name = ctx.pathParam("name");
    Object found = byName.get(name);
    if (found == null) {
      ManagementErrors.write(ctx, 404, notFoundCode, kind + " '" + name + "' is not defined");
      return;
    }
    json(ctx, 200, found);
  }

  private static void reload(RoutingContext ctx, DefinitionRegistry definitions) {
    definitions
        .reload()
        .onSuccess(current -> ctx.json(reloaded(current, definitions)))
        .onFailure(
            e ->
                ManagementErrors.write(
                    ctx,
                    409,
                    "ReloadFailed",
                    "the definitions could not be reloaded: " + e.getMessage()));
  }

  private static JsonObject reloaded(Definitions current, DefinitionRegistry definitions) {
    JsonArray problems = new JsonArray();
    for (DefinitionProblem p : definitions.problems()) {
      problems.add(
          new JsonObject()
              .put("file", p.file())
              .put("line", p.line())
              .put("column", p.column())
              .put("message", p.message()));
    }
    return new JsonObject()
        .put("generation", current.generation())
        .put("apis", new JsonArray(List.copyOf(sorted(current.apis()).keySet())))
        .put("policies", new JsonArray(List.copyOf(sorted(current.policies()).keySet())))
        .put("problems", problems);
  }

  private static <V> Map<String, V> sorted(Map<String, V> byName) {
    return new TreeMap<>(byName);
  }

  static void json(RoutingContext ctx, int status, Object body) {
    String text;
    try {
      text =
          body instanceof JsonObject o
              ? o.encode()
              : body instanceof JsonArray a ? a.encode() : JSON.writeValueAsString(body);
    } catch (Exception e) {
      ManagementErrors.write(ctx, 500, "InternalError", "the response could not be written");
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(text);
  }

  private static void onFailure(RoutingContext ctx) {
    int status = ctx.statusCode();
    if (status == 413) {
      ManagementErrors.write(ctx, 413, "RequestTooLarge", "the request body is too large");
    } else if (status >= 400 && status < 500) {
      ManagementErrors.write(ctx, status, "BadRequest", "the request is not valid");
    } else {
      ManagementErrors.write(ctx, 500, "InternalError", "the request could not be completed");
    }
  }
}
