package io.keygate.vault.server.azure;

import io.keygate.secrets.SecretAccessException;
import io.keygate.vault.VaultException;
import io.keygate.vault.server.ApiError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers failures as Azure Key Vault does: {@code {"error":{"code","message","innererror"}}}. The
 * vault's specific 403 and 409 codes become Azure's outer codes with the specific one inside
 * ({@code Forbidden} + {@code ForbiddenByRbac} or {@code SecretDisabled}; {@code Conflict} + {@code
 * ObjectIsDeletedButRecoverable}), as Azure sends them. Messages never contain a value.
 */
final class AzureErrors {
  private static final Logger LOG = LoggerFactory.getLogger(AzureErrors.class);

  private AzureErrors() {}

  static void write(RoutingContext ctx, Throwable failure) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    int status;
    String code;
    String message;
    if (failure instanceof ApiError api) {
      status = api.status();
      code = api.code();
      message = api.getMessage();
    } else if (failure instanceof SecretAccessException access) {
      status = access.status();
      code = access.code();
      message = access.getMessage();
    } else if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      code = status == 413 ? "RequestTooLarge" : "BadParameter";
      message = status == 413 ? "request body is too large" : "bad request";
    } else {
      LOG.error("{} {} failed unexpectedly", ctx.request().method(), ctx.request().path(), failure);
      status = 500;
      code = "InternalServerError";
      message = "internal error; the server log has the details";
    }
    if (status >= 500 && !code.equals("InternalServerError")) {
      // Typed server-side failures (a tampered row, a lost store) carry no value in their message.
      LOG.error("{} {} failed: {} {}", ctx.request().method(), ctx.request().path(), code, message);
    }
    JsonObject error = new JsonObject();
    String outer = outerCode(status, code);
    error.put("code", outer).put("message", message);
    if (!outer.equals(code)) {
      error.put("innererror", new JsonObject().put("code", code));
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(new JsonObject().put("error", error).encode());
  }

  private static String outerCode(int status, String code) {
    return switch (status) {
      case 403 -> "Forbidden";
      case 409 -> code.equals(VaultException.Conflict.DELETED_BUT_RECOVERABLE) ? "Conflict" : code;
      default -> code;
    };
  }
}
