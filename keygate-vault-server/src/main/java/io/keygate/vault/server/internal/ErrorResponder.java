package io.keygate.vault.server.internal;

import io.keygate.secrets.SecretAccessException;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.FailureTranslator;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's one failure handler: turns every failure (typed errors, Vert.x status
 * failures, unexpected exceptions) into {@code {"error":{"code","message"}}} with the right status.
 * Unexpected exceptions are logged with their stack trace and answered with a generic 500; no stack
 * trace ever reaches the wire.
 */
public final class ErrorResponder implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);
  private final FailureTranslator translator;

  /**
   * @param translator maps exceptions of other modules (the vault's typed errors) to an {@link
   *     ApiError}, or returns null for ones it does not know
   */
  public ErrorResponder(FailureTranslator translator) {
    this.translator = translator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for an error body: the client sees a truncated response.
      response.reset();
      return;
    }
    ApiError error = toApiError(ctx);
    JsonObject body =
        new JsonObject()
            .put(
                "error",
                new JsonObject().put("code", error.code()).put("message", error.getMessage()));
    response
        .setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }

  private ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError api) {
      return api;
    }
    ApiError known = FormBodyFailures.of(ctx);
    if (known == null && failure != null) {
      known = translator.translate(failure);
    }
    if (known == null && failure instanceof SecretAccessException access) {
      known = new ApiError(access.status(), access.code(), access.getMessage());
    }
    if (known != null) {
      if (known.status() >= 500) {
        // Typed server-side failures (a tampered row, a lost store) carry no value in their
        // message, so the message is logged and answered as is.
        LOG.error(
            "{} {} failed: {} {}",
            ctx.request().method(),
            ctx.normalizedPath(),
            known.code(),
            known.getMessage());
      }
      return known;
    }
    int status = ctx.statusCode();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    } else if (failure != null) {
      LOG.error("{} {} failed unexpectedly", ctx.request().method(), ctx.normalizedPath(), failure);
      return new ApiError(500, "InternalError", "internal error; the server log has the details");
    }
    return byStatus(ctx, status);
  }

  private static ApiError byStatus(RoutingContext ctx, int status) {
    String method = ctx.request().method().name();
    String path = ctx.normalizedPath();
    return switch (status) {
      case 400 -> ApiError.badParameter("bad request");
      case 401 -> new ApiError(401, "Unauthorized", "unauthorized");
      case 403 -> new ApiError(403, "Forbidden", "forbidden");
      case 404 -> ApiError.notFound("no such endpoint: " + method + " " + path);
      case 405 ->
          new ApiError(405, "MethodNotAllowed", "method " + method + " is not allowed on " + path);
      case 413 ->
          new ApiError(413, "RequestTooLarge", "request body is larger than this endpoint accepts");
      case 415 -> new ApiError(415, "UnsupportedMediaType", "unsupported media type");
      default -> {
        if (status >= 400 && status < 500) {
          yield new ApiError(status, "BadRequest", "request refused with status " + status);
        }
        yield new ApiError(500, "InternalError", "internal error; the server log has the details");
      }
    };
  }
}
