package io.keygate.gateway.admin;

import io.keygate.gateway.keys.KeyActor;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The caller of the management API as the audit trail names it. The admin listener lets a request
 * through only with the admin token, so the caller is its holder, {@code admin} via {@code
 * admin-api}, exactly as the vault's own admin routes name it; the client's {@code X-Request-Id} is
 * kept when it is well formed (else a new id), so a client can find its requests in the trail.
 */
final class AdminCaller {
  static final String VIA = "admin-api";
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private AdminCaller() {}

  static KeyActor of(RoutingContext ctx) {
    String requestId = ctx.request().getHeader("X-Request-Id");
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      requestId = UUID.randomUUID().toString();
    }
    return KeyActor.admin(VIA, requestId);
  }
}
