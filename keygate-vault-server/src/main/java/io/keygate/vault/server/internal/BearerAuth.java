package io.keygate.vault.server.internal;

import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Lets a request through only with {@code Authorization: Bearer <admin token>}. */
public final class BearerAuth implements Handler<RoutingContext> {
  private static final String SCHEME = "bearer ";
  private final AdminToken token;

  public BearerAuth(AdminToken token) {
    this.token = token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      fail(ctx, "missing bearer token: send 'Authorization: Bearer <admin token>'");
      return;
    }
    if (header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      fail(ctx, "the Authorization header must use the Bearer scheme");
      return;
    }
    if (!token.matches(header.substring(SCHEME.length()).strip())) {
      fail(ctx, "invalid bearer token");
      return;
    }
    ctx.next();
  }

  private static void fail(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    ctx.fail(new ApiError(401, "Unauthorized", message));
  }
}
