package io.keygate.sources.hashicorp;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.LogCanary;
import io.keygate.sources.watch.Resolutions;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hashicorp:// source signing in with AppRole at Keygate's KV v2-compatible API (Vault's login
 * route): one login for many reads, a new login when the token is refused, a refused login, and no
 * secret id, token or value in any log.
 */
class HashicorpAppRoleTest {
  @TempDir Path data;
  private KeygateKvServer kv;
  private HashicorpSecretSource source;

  @BeforeEach
  void start() throws Exception {
    kv = new KeygateKvServer(data);
    kv.vault.createVault("secret");
    kv.put("secret", "app/db", "{\"username\":\"app\",\"password\":\"pw-v1\"}");
    kv.appRoles.put("payments-gw", "sid-77a1");
    kv.vault
        .roles()
        .assign(
            Actor.admin("test", ""), "app:payments-gw", Role.SECRETS_USER, Scope.parse("secret"));
    source = appRole("sid-77a1");
  }

  private HashicorpSecretSource appRole(String secretId) {
    return HashicorpSecretSource.create(
        HashicorpSourceOptions.of(
                kv.address(), new HashicorpAuth.AppRole("payments-gw", SecretValue.of(secretId)))
            .withCaCertificates(kv.certificate)
            .withPollInterval(Duration.ZERO));
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    kv.close();
  }

  private ResolvedSecret resolve(String reference) {
    return Resolutions.resolve(source, reference);
  }

  private SecretAccessException refusal(String reference) {
    return Resolutions.refusal(source, reference);
  }

  @Test
  void appRole_logsInOnceAndReadsWithTheIssuedToken() {
    assertThat(resolve("hashicorp://secret/app/db#/password").value().reveal()).isEqualTo("pw-v1");
    assertThat(resolve("hashicorp://secret/app/db#/username").value().reveal()).isEqualTo("app");
    assertThat(kv.logins.get()).isEqualTo(1);
  }

  @Test
  void appRole_tokenRefused_logsInAgainAndTheReadSucceeds() {
    resolve("hashicorp://secret/app/db#/password");

    kv.appTokens.remove("approle-token-1");

    assertThat(resolve("hashicorp://secret/app/db#/password").value().reveal()).isEqualTo("pw-v1");
    assertThat(kv.logins.get()).isEqualTo(2);
  }

  @Test
  void appRole_wrongSecretId_is502SourceUnauthorizedAndNeverShowsIt() {
    source.close();
    source = appRole("sid-wrong-4c");

    SecretAccessException refused = refusal("hashicorp://secret/app/db#/password");

    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.code()).isEqualTo("SecretSourceUnauthorized");
    assertThat(refused.getMessage())
        .isEqualTo("HashiCorp Vault " + kv.address() + " refused the AppRole login (status 400)")
        .doesNotContain("sid-");
  }

  @Test
  void canaryValues_neverAppearInLogsOrErrors() throws Exception {
    String canary = "CANARY-kv-93d0";
    try (LogCanary logs = new LogCanary()) {
      kv.put("secret", "canary", "{\"pw\":\"" + canary + "\"}");

      assertThat(resolve("hashicorp://secret/canary#/pw").value().reveal()).isEqualTo(canary);
      SecretAccessException noField = refusal("hashicorp://secret/canary#/nope");
      source.pollNow().toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(noField.getMessage()).doesNotContain(canary);
      assertThat(logs.captured()).isPositive();
      assertThat(logs.linesContaining(canary)).isEmpty();
      assertThat(logs.linesContaining("sid-77a1")).isEmpty();
      assertThat(logs.linesContaining("approle-token-")).isEmpty();
    }
  }
}
