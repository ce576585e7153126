package io.keygate.vault.server.kv2;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.server.identity.LoginThrottle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/auth/approle/login}: AppRole credentials in, a Keygate token out. Failed logins
 * are throttled per role_id and per remote address; past the limit the answer is 429 with {@code
 * Retry-After}, before the secret_id is looked at.
 */
final class KvAppRoleRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(KvAppRoleRoutes.class);
  private static final String INVALID = "invalid role_id or secret_id";
  private final AppRoleLogin login;
  private final LoginThrottle throttle;

  KvAppRoleRoutes(AppRoleLogin login, LoginThrottle throttle) {
    this.login = login;
    this.throttle = throttle;
  }

  void login(RoutingContext ctx) {
    String roleId;
    SecretValue secretId;
    try {
      JsonObject body = KvBody.json(ctx);
      roleId = body.getValue("role_id") instanceof String s ? s : null;
      String secret = body.getValue("secret_id") instanceof String s ? s : null;
      if (roleId == null || roleId.isBlank()) {
        throw KvError.badRequest("missing role_id");
      }
      if (secret == null || secret.isEmpty()) {
        throw KvError.badRequest("missing secret_id");
      }
      secretId = SecretValue.of(secret);
    } catch (RuntimeException e) {
      KvResponder.fail(ctx, e);
      return;
    }
    var remote = ctx.request().remoteAddress();
    LoginThrottle.Attempt attempt =
        throttle.attempt(roleId, remote == null ? null : remote.hostAddress());
    if (attempt.refused()) {
      // DEBUG: under attack this is every request; LoginThrottle warns once a budget is spent.
      LOG.debug(
          "AppRole login for role_id {} refused: too many failed logins",
          LoginThrottle.printable(roleId));
      ctx.response().putHeader("Retry-After", Long.toString(attempt.retryAfterSeconds()));
      KvResponder.fail(
          ctx,
          new KvError(
              429,
              List.of(
                  "too many failed logins for this role_id or from this address; retry after "
                      + attempt.retryAfterSeconds()
                      + " seconds")));
      return;
    }
    login
        .login(roleId, secretId)
        .onComplete(
            result -> {
              if (result.failed()) {
                // A server-side failure, not a wrong secret: the try is given back.
                attempt.release();
                LOG.warn(
                    "AppRole login for role_id {} failed: {}", roleId, result.cause().toString());
                KvResponder.fail(ctx, new KvError(400, List.of(INVALID)));
                return;
              }
              if (result.result() == null) {
                attempt.failed();
                KvResponder.fail(ctx, new KvError(400, List.of(INVALID)));
                return;
              }
              attempt.succeeded();
              KvResponder.write(ctx, 200, answer(result.result()));
            });
  }

  private static JsonObject answer(AppRoleLogin.LoginToken token) {
    JsonArray policies = new JsonArray().add("default");
    JsonObject auth =
        new JsonObject()
            .put("client_token", token.token().reveal())
            .put("accessor", "")
            .put("policies", policies)
            .put("token_policies", policies.copy())
            .put("metadata", new JsonObject().put("role_name", token.clientId()))
            .put("lease_duration", token.lifetime().toSeconds())
            .put("renewable", false)
            .put("entity_id", "")
            .put("token_type", "service")
            .put("orphan", true);
    return KvResponder.envelope(null).put("auth", auth).put("mount_type", "");
  }
}
