package io.keygate.sources.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretAccessException;
import io.keygate.secrets.SecretRefs;
import io.keygate.secrets.SecretSource.Readability;
import io.keygate.secrets.SecretValue;
import io.keygate.sources.watch.LogCanary;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.UpdateSecretRequest;
import io.keygate.vault.rbac.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The azure:// source end to end against Keygate's own Azure Key Vault-compatible API over TLS,
 * through the official SDK, signed in with azure-identity's ClientSecretCredential against
 * Keygate's token endpoint (an app registered through the admin API).
 */
class AzureSecretSourceTest extends AzureSourceTestBase {

  @Test
  void currentVersion_isServedWithItsVersionAndExpiry() {
    Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String version =
        keygate
            .vault
            .setSecret(
                "payments",
                "upstream-token",
                SetSecretRequest.of(SecretValue.of("tok-a1")).withExpires(expires))
            .properties()
            .version();

    ResolvedSecret secret = resolve("azure://payments/upstream-token");

    assertThat(secret.value().reveal()).isEqualTo("tok-a1");
    assertThat(secret.version()).isEqualTo(version).hasSize(32);
    assertThat(secret.expires()).contains(expires);
  }

  @Test
  void pinnedVersion_isServedAfterARotation() {
    String first = keygate.set("pinned-token", "tok-p1");
    keygate.set("pinned-token", "tok-p2");

    ResolvedSecret pinned = resolve("azure://payments/pinned-token#" + first);

    assertThat(pinned.value().reveal()).isEqualTo("tok-p1");
    assertThat(pinned.version()).isEqualTo(first);
    assertThat(resolve("azure://payments/pinned-token").value().reveal()).isEqualTo("tok-p2");
  }

  @Test
  void jsonPointer_selectsAFieldOfAJsonSecret() {
    keygate.set("db", "{\"user\":\"app\",\"password\":\"pw-j1\"}");

    assertThat(resolve("azure://payments/db#/password").value().reveal()).isEqualTo("pw-j1");
  }

  @Test
  void clientCertificateCredential_signsInWithTheCertificateAndReads() throws Exception {
    ClientCertificateFile certificate = ClientCertificateFile.create(data, "gateway-cert");
    String clientId =
        keygate.appWithCertificate(certificate.certificatePem(), Role.SECRETS_USER, "payments");
    keygate.set("cert-read", "tok-c1");
    source.close();
    source =
        AzureSecretSource.create(
            keygate
                .options(reader)
                .withCredential(
                    AzureCredentialOptions.clientCertificate(
                            KeygateAzureServer.TENANT, clientId, certificate.keyAndCertificate())
                        .withAuthorityHost(keygate.authorityHost())));

    assertThat(resolve("azure://payments/cert-read").value().reveal()).isEqualTo("tok-c1");
  }

  @Test
  void readability_isNotFoundForAMissingSecretOrVersion_andUnknownOtherwise() {
    keygate.set("listed", "tok-l1");

    assertThat(readability("azure://payments/listed")).isEqualTo(Readability.UNKNOWN);
    assertThat(readability("azure://payments/never-written")).isEqualTo(Readability.NOT_FOUND);
    assertThat(readability("azure://payments/listed#0123456789abcdef0123456789abcdef"))
        .isEqualTo(Readability.NOT_FOUND);
  }

  private Readability readability(String reference) {
    return source.readability(SecretRefs.parse(reference)).toCompletableFuture().join();
  }

  @Test
  void missingSecret_is404SecretNotFoundNamingTheVault() {
    SecretAccessException refused = refusal("azure://payments/no-such-secret");

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.code()).isEqualTo("SecretNotFound");
    assertThat(refused.getMessage())
        .isEqualTo(
            "secret azure://payments/no-such-secret was not found in Azure Key Vault "
                + keygate.vaultUrl("payments"));
  }

  @Test
  void disabledSecret_is403SecretDisabled() {
    keygate.set("disabled-token", "tok-d1");
    keygate.vault.updateSecret(
        "payments",
        "disabled-token",
        Optional.empty(),
        UpdateSecretRequest.none().withEnabled(false));

    SecretAccessException refused = refusal("azure://payments/disabled-token");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("SecretDisabled");
    assertThat(refused.getMessage())
        .isEqualTo(
            "secret azure://payments/disabled-token is disabled in Azure Key Vault "
                + keygate.vaultUrl("payments"));
  }

  @Test
  void expiredSecret_is403SecretExpired() {
    keygate.vault.setSecret(
        "payments",
        "expired-token",
        SetSecretRequest.of(SecretValue.of("tok-e1"))
            .withExpires(Instant.now().minus(1, ChronoUnit.HOURS)));

    SecretAccessException refused = refusal("azure://payments/expired-token");

    assertThat(refused.status()).as(refused.getMessage()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("SecretExpired");
    assertThat(refused.getMessage())
        .isEqualTo(
            "secret azure://payments/expired-token has expired in Azure Key Vault "
                + keygate.vaultUrl("payments"));
  }

  @Test
  void appWithoutARoleOnTheVault_is502SourceForbidden() throws Exception {
    keygate.set("guarded", "tok-g1");
    KeygateAzureServer.App stranger = keygate.app(null, "payments");
    source.close();
    source = AzureSecretSource.create(keygate.options(stranger));

    SecretAccessException refused = refusal("azure://payments/guarded");

    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.code()).isEqualTo("SecretSourceForbidden");
    assertThat(refused.getMessage())
        .isEqualTo(
            "Azure Key Vault "
                + keygate.vaultUrl("payments")
                + " refused Keygate's identity the right to read secret azure://payments/guarded"
                + " (grant it Key Vault Secrets User)");
  }

  @Test
  void wrongClientSecret_is502SourceUnauthorizedAndNeverShowsTheSecret() {
    keygate.set("any", "tok-x1");
    source.close();
    source =
        AzureSecretSource.create(
            keygate.options(
                new KeygateAzureServer.App(reader.clientId(), SecretValue.of("wrong-9c41e7"))));

    SecretAccessException refused = refusal("azure://payments/any");

    assertThat(refused.getMessage()).doesNotContain("9c41e7");
    assertThat(refused.status()).as(refused.getMessage()).isEqualTo(502);
    assertThat(refused.code()).isEqualTo("SecretSourceUnauthorized");
    assertThat(refused.getMessage())
        .isEqualTo(
            "Azure Key Vault "
                + keygate.vaultUrl("payments")
                + " did not accept Keygate's credential while reading secret azure://payments/any"
                + " (check sources.azure.credential)")
        .doesNotContain("9c41e7");
  }

  @Test
  void unreachableVault_is503SourceUnavailable() {
    source.close();
    source =
        AzureSecretSource.create(
            AzureSourceOptions.of(
                    java.util.Map.of(
                        "payments", java.net.URI.create("https://payments.vault.test:1")),
                    keygate.options(reader).credential())
                .withCaCertificates(keygate.certificate)
                .withPollInterval(Duration.ZERO));

    SecretAccessException refused = refusal("azure://payments/anything");

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.code()).isEqualTo("SecretSourceUnavailable");
    assertThat(refused.getMessage())
        .startsWith(
            "Azure Key Vault https://payments.vault.test:1 could not be reached for secret"
                + " azure://payments/anything (");
  }

  @Test
  void canaryValues_neverAppearInLogsOrErrors() throws Exception {
    String canary = "CANARY-az-5e1f";
    try (LogCanary logs = new LogCanary()) {
      keygate.set("canary-json", "{\"pw\":\"" + canary + "\"}");
      keygate.set("canary-plain", canary + "-plain");

      assertThat(resolve("azure://payments/canary-json#/pw").value().reveal()).isEqualTo(canary);
      SecretAccessException noField = refusal("azure://payments/canary-json#/nope");
      SecretAccessException notJson = refusal("azure://payments/canary-plain#/pw");
      source.pollNow().toCompletableFuture().get(30, TimeUnit.SECONDS);

      assertThat(noField.getMessage())
          .isEqualTo("secret azure://payments/canary-json#/nope has no field /nope");
      assertThat(notJson.code()).isEqualTo("SecretNotJson");
      assertThat(notJson.getMessage()).doesNotContain(canary);
      assertThat(logs.captured()).isPositive();
      assertThat(logs.linesContaining(canary)).isEmpty();
    }
  }
}
