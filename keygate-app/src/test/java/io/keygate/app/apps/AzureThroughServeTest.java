package io.keygate.app.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.keygate.app.CapturedLogs;
import io.keygate.app.RunningNode;
import io.keygate.app.config.KeygateConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keygate serve} with the Azure-compatible API on a configured domain: an app registered by
 * the CLI, granted a role by the CLI, uses the official SDK unchanged (ClientSecretCredential
 * against Keygate's token endpoint, SecretClient against {@code https://payments.vault.test}); no
 * secret value or client secret reaches a log.
 */
class AzureThroughServeTest {
  @TempDir Path data;

  @Test
  void appCreatedByTheCli_usesTheAzureSdkAgainstServe_andLosesAccessWhenDeleted() throws Exception {
    String canary = "CANARY-azure-" + UUID.randomUUID();
    KeygateConfig config =
        new KeygateConfig(
            null, null, null, null, null, null, null, null, new AzureConfig(true, "vault.test"));
    try (CapturedLogs logs = CapturedLogs.start();
        RunningNode keygate = new RunningNode(data, config, Map.of())) {
      assertThat(keygate.cli(null, "vault", "create", "payments").exitCode()).isZero();
      RunningNode.Run created = keygate.cli(null, "app", "create", "payments-batch");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      String clientId = field(created.out(), "client id");
      String secret = field(created.out(), "client secret");
      assertThat(field(created.out(), "tenant id")).isEqualTo("keygate");
      assertThat(secret).startsWith("kgs_");
      RunningNode.Run assigned =
          keygate.cli(
              null, "role", "assign", "app:" + clientId, "secrets-officer", "--scope", "payments");
      assertThat(assigned.exitCode()).as(assigned.toString()).isZero();

      HttpClient http =
          new JdkHttpClientBuilder(
                  java.net.http.HttpClient.newBuilder().sslContext(keygate.adminTls()))
              .build();
      var credential =
          new ClientSecretCredentialBuilder()
              .authorityHost("https://localhost:" + keygate.node.adminPort())
              .tenantId("keygate")
              .clientId(clientId)
              .clientSecret(secret)
              .disableInstanceDiscovery()
              .httpClient(http)
              .build();
      SecretClient client =
          new SecretClientBuilder()
              .vaultUrl("https://payments.vault.test:" + keygate.node.adminPort())
              .credential(credential)
              .httpClient(http)
              .buildClient();

      client.setSecret("upstream-token", canary);
      assertThat(client.getSecret("upstream-token").getValue()).isEqualTo(canary);
      assertThat(keygate.cli(null, "app", "list").out()).contains(clientId).contains("secret:kgs_");
      RunningNode.Run expiring =
          keygate.cli(null, "app", "create", "short-lived", "--secret-expires", "30d");
      assertThat(expiring.exitCode()).as(expiring.toString()).isZero();
      assertThat(field(expiring.out(), "expires"))
          .startsWith(
              java.time.Instant.now()
                  .plus(java.time.Duration.ofDays(30))
                  .toString()
                  .substring(0, 10));

      RunningNode.Run added = keygate.cli(null, "app", "add-secret", clientId, "--expires", "1d");
      assertThat(added.exitCode()).as(added.toString()).isZero();
      String secondSecret = field(added.out(), "client secret");
      assertThat(secondSecret).startsWith("kgs_").isNotEqualTo(secret);
      String firstId =
          new io.vertx.core.json.JsonArray(keygate.cli(null, "app", "list", "-o", "json").out())
              .stream()
                  .map(a -> (io.vertx.core.json.JsonObject) a)
                  .filter(a -> a.getString("clientId").equals(clientId))
                  .findFirst()
                  .orElseThrow()
                  .getJsonArray("credentials")
                  .stream()
                  .map(c -> (io.vertx.core.json.JsonObject) c)
                  .filter(c -> secret.startsWith(c.getString("hint")))
                  .findFirst()
                  .orElseThrow()
                  .getString("id");
      RunningNode.Run removed = keygate.cli(null, "app", "remove-credential", clientId, firstId);
      assertThat(removed.exitCode()).as(removed.toString()).isZero();

      RunningNode.Run deleted = keygate.cli(null, "app", "delete", clientId);
      assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
      assertThatThrownBy(() -> client.getSecret("upstream-token"))
          .isInstanceOf(ClientAuthenticationException.class);

      assertThat(logs.text())
          .doesNotContain(canary)
          .doesNotContain(secret)
          .doesNotContain(secondSecret);
      String keys = Files.readString(data.resolve("identity-keys.json"));
      assertThat(keys).doesNotContain(secret);
      assertThat(Files.getPosixFilePermissions(data.resolve("identity-keys.json")))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
  }

  private static String field(String output, String name) {
    Matcher matcher = Pattern.compile("(?m)^" + name + ":\\s+(\\S+)$").matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }
}
