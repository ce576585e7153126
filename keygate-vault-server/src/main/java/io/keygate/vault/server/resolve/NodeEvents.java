package io.keygate.vault.server.resolve;

import io.keygate.vault.SecretVault;
import io.keygate.vault.rbac.Principals;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.RoleAssignment;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.identity.Authenticated;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code GET /v1/resolve/events}: the vault's event stream for remote gateway nodes, which hold
 * {@code gateway-node} rather than the admin token. Events carry names and versions, never values;
 * a node may follow them once it holds {@code gateway-node} (or {@code vault-admin}) on any scope.
 */
final class NodeEvents implements Handler<RoutingContext> {
  private static final String SCHEME = "bearer ";
  private final SecretVault vault;
  private final TokenAuthenticator nodes;
  private final Handler<RoutingContext> stream;

  NodeEvents(SecretVault vault, TokenAuthenticator nodes, Handler<RoutingContext> stream) {
    this.vault = vault;
    this.nodes = nodes;
    this.stream = stream;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null
        || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(
          new ApiError(
              401, "Unauthorized", "missing bearer token: send 'Authorization: Bearer <token>'"));
      return;
    }
    ctx.request().pause();
    nodes
        .authenticate(header.substring(SCHEME.length()).strip(), "resolve-api")
        .compose(node -> ctx.vertx().executeBlocking(() -> allowed(node), false))
        .onComplete(
            result -> {
              ctx.request().resume();
              if (result.failed()) {
                ctx.fail(result.cause());
              } else if (!result.result()) {
                ctx.fail(
                    new ApiError(
                        403,
                        "NodeNotAllowed",
                        "this principal may not follow the event stream: it needs the"
                            + " gateway-node role"));
              } else {
                stream.handle(ctx);
              }
            });
  }

  private boolean allowed(Authenticated node) {
    if (Principals.ADMIN.equals(node.principal())) {
      return true;
    }
    for (String principal : node.principals()) {
      for (RoleAssignment assignment :
          vault.roles().list(Optional.of(principal), Optional.empty())) {
        if (assignment.role() == Role.GATEWAY_NODE || assignment.role() == Role.VAULT_ADMIN) {
          return true;
        }
      }
    }
    return false;
  }
}
