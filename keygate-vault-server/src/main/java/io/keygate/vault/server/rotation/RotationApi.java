package io.keygate.vault.server.rotation;

import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.server.AdminServer;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves rotation on the admin listener, behind the admin token:
 *
 * <ul>
 *   <li>{@code GET|PUT|DELETE /v1/rotation/vaults/{vault}/secrets/{name}/policy}: a secret's
 *       rotation policy;
 *   <li>{@code GET|PUT /v1/rotation/vaults/{vault}/policy}: the vault's default policy;
 *   <li>{@code POST /v1/rotation/vaults/{vault}/secrets/{name}/rotate}: rotate now;
 *   <li>{@code GET /v1/rotation/vaults/{vault}/secrets/{name}/history}: the rotation history;
 *   <li>{@code POST|GET /v1/rotation/subscriptions}, {@code GET|DELETE
 *       /v1/rotation/subscriptions/{id}}: event webhook subscriptions and their dead letters;
 *   <li>{@code GET /v1/events}: the event stream (server-sent events, resumable with {@code
 *       Last-Event-ID}).
 * </ul>
 */
public final class RotationApi {
  private RotationApi() {}

  /** Adds the routes to {@code builder}; call before {@code start()}. */
  public static AdminServer.Builder addTo(
      AdminServer.Builder builder, Vertx vertx, Rotation rotation) {
    return builder
        .mount("/v1/rotation", RotationRoutes.router(vertx, rotation))
        .route("/v1/events", new EventStream(rotation.events()));
  }

  /**
   * The event stream's handler without the admin token in front of it, for a surface that
   * authenticates its callers itself (remote gateway nodes: {@code /v1/resolve/events}).
   */
  public static Handler<RoutingContext> eventStream(Rotation rotation) {
    return new EventStream(rotation.events());
  }
}
