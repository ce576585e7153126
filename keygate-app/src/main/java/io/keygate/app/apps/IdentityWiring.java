package io.keygate.app.apps;

import io.keygate.gateway.auth.jwt.JwksRegistry;
import io.keygate.gateway.auth.jwt.JwtAuthenticator;
import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.JwtAuthConfig;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.apps.AppRegistry;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.azure.AzureApi;
import io.keygate.vault.server.identity.IdentityApi;
import io.keygate.vault.server.identity.IdentityKeys;
import io.keygate.vault.server.identity.LoginThrottle;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.keygate.vault.server.identity.TokenIssuer;
import io.keygate.vault.server.kv2.AppRoleLogin;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity side of {@code serve}: apps and their credentials, the token endpoint, the one
 * {@link TokenAuthenticator} every vault API shares (admin token, Keygate-issued tokens, the
 * trusted OIDC issuers through the gateway's JWT validation), and the Azure Key Vault-compatible
 * API. What it opens is closed with the node's Vert.x instance, before the vault.
 */
public final class IdentityWiring {
  private IdentityWiring() {}

  /**
   * What other wiring uses.
   *
   * @param authenticator the bearer-token check for the vault's APIs
   * @param identity the token endpoint's service (for other login surfaces)
   * @param issuer the issuer of Keygate's tokens
   */
  public record Wired(TokenAuthenticator authenticator, IdentityApi identity, TokenIssuer issuer) {
    /** Vault's AppRole login: role_id = client id, secret_id = client secret. */
    public AppRoleLogin appRoleLogin() {
      return (roleId, secretId) ->
          identity
              .login(roleId, secretId, TokenAuthenticator.DEFAULT_AUDIENCE, "kv2-approle")
              .map(
                  token ->
                      token == null
                          ? null
                          : new AppRoleLogin.LoginToken(
                              roleId, SecretValue.of(token.token()), issuer.lifetime()));
    }
  }

  public static Wired wire(
      Vertx vertx,
      SecretVault vault,
      VaultOptions options,
      Path dataDirectory,
      IdentitySettings settings,
      AdminToken adminToken,
      AdminServer.Builder admin) {
    AppRegistry apps = AppRegistry.open(options);
    IdentityKeys keys = IdentityKeys.loadOrCreate(dataDirectory.resolve(IdentityKeys.FILE));
    TokenIssuer issuer =
        new TokenIssuer(
            keys, settings.issuer(), settings.tenant(), settings.tokenLifetime(), options.clock());
    // One throttle for every login surface: serve hands it to the AppRole login too.
    IdentityApi identity =
        IdentityApi.addTo(
            admin,
            vertx,
            apps,
            keys,
            issuer,
            vault.audit(),
            options.clock(),
            LoginThrottle.create(settings.throttle(), options.clock()));
    TokenAuthenticator.Builder builder =
        TokenAuthenticator.builder(vertx)
            .adminToken(adminToken)
            .keygateTokens(issuer, apps::exists);
    settings.azure().ifPresent(azure -> builder.audience(azure.resource()));
    List<AutoCloseable> closing = new ArrayList<>();
    if (!settings.trust().isEmpty()) {
      JwksRegistry jwks = JwksRegistry.create(vertx);
      for (JwtAuthConfig trusted : settings.trust()) {
        JwtAuthenticator jwt = JwtAuthenticator.create(vertx, List.of(trusted), jwks);
        closing.add(jwt);
        builder.externalIssuer(
            trusted.issuer(), token -> jwt.authenticateToken(token).map(Identity::principals));
      }
      closing.add(jwks);
    }
    closing.add(apps);
    TokenAuthenticator authenticator = builder.build();
    settings.azure().ifPresent(azure -> AzureApi.addTo(admin, vertx, vault, authenticator, azure));
    vertx.deployVerticle(
        new AbstractVerticle() {
          @Override
          public void stop() throws Exception {
            for (AutoCloseable closeable : closing) {
              closeable.close();
            }
          }
        });
    return new Wired(authenticator, identity, issuer);
  }
}
