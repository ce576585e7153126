package io.keygate.vault.server.resolve;

import io.keygate.vault.SecretVault;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves {@code POST /v1/resolve} on the admin listener: how a gateway on another machine reads a
 * value from this vault on behalf of its caller ({@code keygate://} sources). Body: {@code
 * {"vault","name","version"?,"principals":[...],"node","api"?,"requestId"?}}; answer: {@code
 * {"value","version","expires"}} (Unix seconds or null), {@code Cache-Control: no-store}. Errors
 * are the admin API's JSON errors: 401 {@code Unauthorized} (no or bad node token), 403 {@code
 * NodeNotAllowed} (the node lacks {@code gateway-node}), 403 {@code ForbiddenByRbac} (the caller
 * lacks {@code secrets-user}), 404 {@code SecretNotFound}, 400 {@code BadParameter}, 413.
 *
 * <p>The route authenticates the node itself (with {@code nodes}: the admin token, a Keygate-issued
 * app token, or a configured issuer's token), so it is mounted as a public route: a node that holds
 * only {@code gateway-node} needs no admin token.
 */
public final class ResolveApi {
  /** The route's path. */
  public static final String PATH = "/v1/resolve";

  private ResolveApi() {}

  /**
   * The event stream for remote nodes (see {@link #addTo(AdminServer.Builder, SecretVault,
   * TokenAuthenticator, Handler)}).
   */
  public static final String EVENTS_PATH = "/v1/resolve/events";

  /** Adds the route to {@code builder}; call before {@code start()}. */
  public static AdminServer.Builder addTo(
      AdminServer.Builder builder, SecretVault vault, TokenAuthenticator nodes) {
    return builder.publicRoute(PATH, new ResolveRoute(vault, nodes));
  }

  /**
   * Also serves {@code GET /v1/resolve/events}: {@code eventStream} (the vault's SSE stream) for
   * nodes that hold {@code gateway-node} on any scope, or the admin token; others get 401/403.
   */
  public static AdminServer.Builder addTo(
      AdminServer.Builder builder,
      SecretVault vault,
      TokenAuthenticator nodes,
      Handler<RoutingContext> eventStream) {
    addTo(builder, vault, nodes);
    return builder.publicRoute(EVENTS_PATH, new NodeEvents(vault, nodes, eventStream));
  }
}
