package io.keygate.vault.server.kv2;

import io.keygate.secrets.SecretAccessException;
import io.keygate.vault.VaultException;
import io.keygate.vault.server.ApiError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the KV v2 API's answers: Vault's response envelope, 204s, and every failure as {@code
 * {"errors":[...]}} with Vault's status. Keygate's typed errors are mapped once, here.
 */
final class KvResponder {
  private static final Logger LOG = LoggerFactory.getLogger(KvResponder.class);

  private KvResponder() {}

  /** Runs {@code work} on a worker thread and answers its result as the envelope's data. */
  static void blocking(RoutingContext ctx, Callable<JsonObject> work) {
    ctx.vertx()
        .executeBlocking(work, false)
        .onSuccess(data -> ok(ctx, data))
        .onFailure(failure -> fail(ctx, failure));
  }

  /** Runs {@code work} on a worker thread and answers 204. */
  static void blockingNoContent(RoutingContext ctx, Callable<?> work) {
    ctx.vertx()
        .executeBlocking(work, false)
        .onSuccess(ignored -> noContent(ctx))
        .onFailure(failure -> fail(ctx, failure));
  }

  static void ok(RoutingContext ctx, JsonObject data) {
    write(ctx, 200, envelope(data));
  }

  /** Vault's envelope around {@code data}. */
  static JsonObject envelope(JsonObject data) {
    return new JsonObject()
        .put("request_id", UUID.randomUUID().toString())
        .put("lease_id", "")
        .put("renewable", false)
        .put("lease_duration", 0)
        .put("data", data)
        .put("wrap_info", null)
        .put("warnings", null)
        .put("auth", null)
        .put("mount_type", "kv");
  }

  static void noContent(RoutingContext ctx) {
    if (!ctx.response().ended()) {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store").setStatusCode(204).end();
    }
  }

  static void write(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }

  static void fail(RoutingContext ctx, Throwable failure) {
    KvError error = toKvError(ctx, failure);
    write(ctx, error.status(), new JsonObject().put("errors", new JsonArray(error.errors())));
  }

  private static KvError toKvError(RoutingContext ctx, Throwable failure) {
    if (failure instanceof KvError kv) {
      return kv;
    }
    if (failure instanceof ApiError api) {
      return new KvError(api.status(), List.of(api.getMessage()));
    }
    if (failure instanceof HttpException http) {
      int status = http.getStatusCode();
      return new KvError(
          status, List.of(status == 413 ? "request body is too large" : "bad request"));
    }
    if (failure instanceof SecretAccessException access) {
      return fromVault(ctx, access);
    }
    LOG.error("{} {} failed unexpectedly", ctx.request().method(), ctx.normalizedPath(), failure);
    return new KvError(500, List.of("internal error; the server log has the details"));
  }

  private static KvError fromVault(RoutingContext ctx, SecretAccessException e) {
    String code = e.code();
    if (VaultException.Forbidden.FORBIDDEN_BY_RBAC.equals(code)) {
      return KvError.permissionDenied();
    }
    if (VaultException.NotFound.SECRET_NOT_FOUND.equals(code)) {
      return KvError.notFound();
    }
    if (VaultException.NotFound.VAULT_NOT_FOUND.equals(code)) {
      return new KvError(
          404, List.of("no handler for route: no Keygate vault serves this KV mount"));
    }
    if (VaultException.Conflict.DELETED_BUT_RECOVERABLE.equals(code)) {
      return KvError.badRequest(
          "the secret is deleted in Keygate but recoverable: recover or purge it with Keygate's"
              + " own API before writing it again");
    }
    if (e.status() >= 500) {
      // Typed server-side failures carry no value in their message.
      LOG.error(
          "{} {} failed: {} {}",
          ctx.request().method(),
          ctx.normalizedPath(),
          code,
          e.getMessage());
    }
    int status = e.status() == 409 ? 400 : e.status();
    return new KvError(status, List.of(e.getMessage()));
  }
}
