package io.keygate.vault.server.kv2;

import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Principals;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/auth/token/*}: what Vault clients ask about their own token. */
final class KvTokenRoutes {
  private KvTokenRoutes() {}

  /**
   * {@code GET /v1/auth/token/lookup-self}: who the token stands for. The token itself is not
   * echoed back (Vault does; Keygate never writes a credential into a response it did not mint).
   */
  static void lookupSelf(RoutingContext ctx) {
    Actor actor = KvAuth.actor(ctx);
    boolean admin = Principals.ADMIN.equals(actor.onBehalfOf());
    KvResponder.ok(
        ctx,
        new JsonObject()
            .put("display_name", actor.onBehalfOf())
            .put("policies", new JsonArray().add(admin ? "root" : "default"))
            .put("meta", new JsonObject().put("principals", String.join(",", actor.principals())))
            .put("renewable", false)
            .put("ttl", 0)
            .put("expire_time", null)
            .put("type", "service"));
  }
}
