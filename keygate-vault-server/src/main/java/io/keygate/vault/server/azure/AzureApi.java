package io.keygate.vault.server.azure;

import io.keygate.vault.SecretVault;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.ApiError;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.keygate.vault.server.internal.secrets.SecretRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The Azure Key Vault-compatible secrets API (api-versions 7.4, 7.5, 7.6, 2025-07-01) on the admin
 * listener, one Keygate vault per host name: {@code https://<vault>.<domain>:<port>} is the vault
 * URL an Azure SDK client is built with. Requests for other hosts (the admin API's) pass through
 * untouched. Callers authenticate with bearer tokens (Keygate-issued, a configured OIDC issuer's,
 * or the admin token), and RBAC and audit apply as on the native API, with {@code via} = {@code
 * azure-api}.
 *
 * <p>Why by host and not by path: the Azure SDK reads a secret's name and version from segments 2
 * and 3 of the id's path, and checks that the challenge's resource is a parent domain of the vault
 * host, so a vault URL with a path prefix or an IP address cannot work unchanged.
 */
public final class AzureApi {
  private AzureApi() {}

  /** Serves the API for the vaults of {@code vault} at {@code https://<vault>.<domain>}. */
  public static void addTo(
      AdminServer.Builder admin,
      Vertx vertx,
      SecretVault vault,
      TokenAuthenticator authenticator,
      AzureSettings settings) {
    AzureAuth auth = new AzureAuth(authenticator, settings);
    AzureSecretRoutes routes = new AzureSecretRoutes(vault);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(SecretRoutes.MAX_BODY_BYTES);
    BodyHandler restoreBody =
        BodyHandler.create(false).setBodyLimit(SecretRoutes.MAX_RESTORE_BODY_BYTES);
    // A route for the vault hosts only: the admin API's requests never enter it.
    admin.selfAuthenticated(
        (root, reserved) ->
            root.route()
                .virtualHost("*." + settings.domain())
                .handler(
                    ctx -> {
                      var target = settings.vaultOf(host(ctx));
                      if (target.isEmpty()) {
                        AzureErrors.write(
                            ctx, ApiError.notFound("no vault is served at this host name"));
                        return;
                      }
                      ctx.put(VAULT_KEY, target.get());
                      boolean restore = ctx.request().path().equals("/secrets/restore");
                      (restore ? restoreBody : body).handle(ctx);
                    })
                .handler(ctx -> serve(ctx, auth, routes)));
  }

  private static final String VAULT_KEY = "keygate.azure.vault";

  private static void serve(RoutingContext ctx, AzureAuth auth, AzureSecretRoutes routes) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    ctx.response().putHeader("x-ms-keyvault-service-version", "keygate");
    String vaultName = ctx.get(VAULT_KEY);
    auth.authenticate(ctx)
        .compose(
            caller -> {
              AzureRequest request = AzureRequest.of(ctx, vaultName, caller);
              var work = routes.route(request);
              return ctx.vertx().executeBlocking(work, false);
            })
        .onSuccess(
            answer -> {
              ctx.response().setStatusCode(answer.status());
              if (answer.body() == null) {
                ctx.response().end();
              } else {
                ctx.json(answer.body());
              }
            })
        .onFailure(failure -> AzureErrors.write(ctx, failure));
  }

  private static String host(RoutingContext ctx) {
    var authority = ctx.request().authority();
    return authority == null ? null : authority.host();
  }
}
