package io.keygate.vault.server.kv2;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import io.keygate.vault.server.identity.IdentityKeys;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.keygate.vault.server.identity.TokenIssuer;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.Versioned;
import org.springframework.web.client.RestTemplate;

/**
 * AppRole login issuing real Keygate tokens (H1's TokenIssuer), which the KV API then accepts
 * through the real TokenAuthenticator. The client-secret check here is the test's own; serve plugs
 * in the app registry's (IdentityWiring), tested in KvThroughServeTest.
 */
class AppRoleLoginTest {
  private static final String SECRET_ID = "kgs_appRoleSecretForTheTest";
  @TempDir static Path data;
  private static KvServer server;

  @BeforeAll
  static void start() throws Exception {
    IdentityKeys keys = IdentityKeys.loadOrCreate(data.resolve(IdentityKeys.FILE));
    TokenIssuer issuer =
        new TokenIssuer(
            keys,
            "https://127.0.0.1/keygate/v2.0",
            "keygate",
            Duration.ofMinutes(5),
            Clock.systemUTC());
    AppRoleLogin login =
        (roleId, secretId) -> {
          if (!"ci".equals(roleId) || !SECRET_ID.equals(secretId.reveal())) {
            return Future.succeededFuture(null);
          }
          TokenIssuer.IssuedToken token = issuer.issue("ci", TokenAuthenticator.DEFAULT_AUDIENCE);
          return Future.succeededFuture(
              new AppRoleLogin.LoginToken(
                  "ci", SecretValue.of(token.token()), Duration.ofSeconds(token.expiresIn())));
        };
    server =
        new KvServer(
            data,
            (vertx, api) ->
                api.withTokens(
                        TokenAuthenticator.builder(vertx)
                            .keygateTokens(issuer, "ci"::equals)
                            .build())
                    .withAppRole(login));
    server.vault.createVault("kv");
    server
        .vault
        .roles()
        .assign(Actor.admin("test", ""), "app:ci", Role.SECRETS_USER, Scope.vault("kv"));
    server.vault("POST", "/v1/kv/data/ci/deploy", "{\"data\":{\"key\":\"v1\"}}");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void anAppRoleLogin_returnsAKeygateTokenThatReadsWhatTheAppMayRead() throws Exception {
    KvServer.Answer login =
        server.send(
            "POST",
            "/v1/auth/approle/login",
            "{\"role_id\":\"ci\",\"secret_id\":\"" + SECRET_ID + "\"}",
            Map.of());

    assertThat(login.status()).isEqualTo(200);
    String token = login.json().path("auth").path("client_token").asText();
    assertThat(token).isNotEmpty();
    assertThat(login.json().path("auth").path("lease_duration").asLong()).isBetween(1L, 300L);
    KvServer.Answer read =
        server.send("GET", "/v1/kv/data/ci/deploy", null, Map.of("X-Vault-Token", token));
    KvServer.Answer write =
        server.send(
            "POST", "/v1/kv/data/ci/deploy", "{\"data\":{}}", Map.of("X-Vault-Token", token));
    KvServer.Answer self =
        server.send("GET", "/v1/auth/token/lookup-self", null, Map.of("X-Vault-Token", token));

    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().path("data").path("data").path("key").asText()).isEqualTo("v1");
    assertThat(write.status()).isEqualTo(403);
    assertThat(self.json().path("data").path("display_name").asText()).isEqualTo("app:ci");
  }

  @Test
  void springVaultsAppRoleAuthentication_logsInAndReads() throws Exception {
    RestTemplate rest =
        VaultClients.createRestTemplate(
            SpringVaultSetup.endpoint(server), SpringVaultSetup.requestFactory(server));
    AppRoleAuthentication appRole =
        new AppRoleAuthentication(
            AppRoleAuthenticationOptions.builder()
                .roleId(AppRoleAuthenticationOptions.RoleId.provided("ci"))
                .secretId(AppRoleAuthenticationOptions.SecretId.provided(SECRET_ID))
                .build(),
            rest);
    VaultTemplate template =
        new VaultTemplate(
            SpringVaultSetup.endpoint(server),
            SpringVaultSetup.requestFactory(server),
            new SimpleSessionManager(appRole));

    Versioned<Map<String, Object>> read = template.opsForVersionedKeyValue("kv").get("ci/deploy");

    assertThat(read.getRequiredData()).containsEntry("key", "v1");
    template.destroy();
  }

  @Test
  void aWrongSecretOrRole_isRefusedWithOneMessage() throws Exception {
    KvServer.Answer wrongSecret =
        server.send(
            "POST",
            "/v1/auth/approle/login",
            "{\"role_id\":\"ci\",\"secret_id\":\"kgs_wrong\"}",
            Map.of());
    KvServer.Answer wrongRole =
        server.send(
            "POST",
            "/v1/auth/approle/login",
            "{\"role_id\":\"other\",\"secret_id\":\"" + SECRET_ID + "\"}",
            Map.of());
    KvServer.Answer missing =
        server.send("POST", "/v1/auth/approle/login", "{\"role_id\":\"ci\"}", Map.of());

    assertThat(wrongSecret.status()).isEqualTo(400);
    assertThat(wrongSecret.body()).isEqualTo("{\"errors\":[\"invalid role_id or secret_id\"]}");
    assertThat(wrongRole.body()).isEqualTo(wrongSecret.body());
    assertThat(missing.body()).isEqualTo("{\"errors\":[\"missing secret_id\"]}");
  }

  @Test
  void aForgedToken_isPermissionDenied() throws Exception {
    KvServer.Answer answer =
        server.send(
            "GET",
            "/v1/kv/data/ci/deploy",
            null,
            Map.of("X-Vault-Token", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2ln"));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
  }
}
