package io.keygate.vault.server.internal;

import io.keygate.vault.rbac.Actor;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The admin token's holder as the audit trail names it: principal {@code admin} via {@code
 * admin-api}, with the client's {@code X-Request-Id} when it is well formed (else a new id), so a
 * client can find its own requests in the trail.
 */
public final class AdminActor {
  /** The surface named in audit entries. */
  public static final String VIA = "admin-api";

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private AdminActor() {}

  public static Actor of(RoutingContext ctx) {
    String requestId = ctx.request().getHeader("X-Request-Id");
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      requestId = UUID.randomUUID().toString();
    }
    return Actor.admin(VIA, requestId);
  }
}
