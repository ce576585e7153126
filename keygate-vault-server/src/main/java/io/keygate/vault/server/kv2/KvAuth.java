package io.keygate.vault.server.kv2;

import io.keygate.vault.rbac.Actor;
import io.keygate.vault.server.AdminToken;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/**
 * Authenticates a KV v2 request as Vault does: {@code X-Vault-Token}, or {@code Authorization:
 * Bearer}. The admin token is the root-like token; other tokens go to {@link CallerTokens}. A
 * missing or invalid token is 403 {@code permission denied}, as Vault answers it.
 */
final class KvAuth implements Handler<RoutingContext> {
  static final String VIA = "kv2-api";
  private static final String ACTOR = "kv2.actor";
  private static final String BEARER = "bearer ";
  private final AdminToken admin;
  private final CallerTokens tokens;

  KvAuth(AdminToken admin, CallerTokens tokens) {
    this.admin = admin;
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = presented(ctx);
    if (token == null) {
      KvResponder.fail(ctx, KvError.permissionDenied());
      return;
    }
    String requestId = requestId(ctx);
    if (admin.matches(token)) {
      ctx.put(ACTOR, Actor.admin(VIA, requestId));
      ctx.next();
      return;
    }
    tokens
        .principals(token)
        .onComplete(
            result -> {
              if (result.failed() || result.result().isEmpty() || result.result().get().isEmpty()) {
                KvResponder.fail(ctx, KvError.permissionDenied());
                return;
              }
              List<String> principals = result.result().get();
              ctx.put(ACTOR, new Actor(principals, principals.get(0), VIA, "", requestId));
              ctx.next();
            });
  }

  /** The authenticated caller of this request. */
  static Actor actor(RoutingContext ctx) {
    return ctx.get(ACTOR);
  }

  /** The token the client sent, or null. */
  static String presented(RoutingContext ctx) {
    String token = ctx.request().getHeader("X-Vault-Token");
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null
        && authorization.length() > BEARER.length()
        && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String bearer = authorization.substring(BEARER.length()).strip();
      return bearer.isEmpty() ? null : bearer;
    }
    return null;
  }

  private static String requestId(RoutingContext ctx) {
    String requestId = ctx.request().getHeader("X-Request-Id");
    if (requestId == null || !requestId.matches("[A-Za-z0-9._-]{1,64}")) {
      requestId = UUID.randomUUID().toString();
    }
    return requestId;
  }
}
