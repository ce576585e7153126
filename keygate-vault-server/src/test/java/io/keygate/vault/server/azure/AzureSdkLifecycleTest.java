package io.keygate.vault.server.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.secrets.SecretAsyncClient;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official SecretClient (sync), built as a user would, against Keygate over TLS. */
class AzureSdkLifecycleTest {
  @TempDir static Path data;
  static AzureFixture keygate;
  static SecretClient client;
  static SecretAsyncClient async;

  @BeforeAll
  static void start() throws Exception {
    keygate = new AzureFixture(data);
    var app = keygate.app(Role.SECRETS_OFFICER, Scope.vault("payments"));
    client = keygate.client("payments", keygate.credential(app));
    async = keygate.asyncClient("payments", keygate.credential(app));
  }

  @AfterAll
  static void stop() throws Exception {
    keygate.close();
  }

  @Test
  void setAndGet_latestByVersionAndWithTrailingSlash() {
    OffsetDateTime expires =
        OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.SECONDS);
    KeyVaultSecret first = client.setSecret("db-password", "first-value");
    KeyVaultSecret second =
        client.setSecret(
            new KeyVaultSecret("db-password", "second-value")
                .setProperties(
                    new SecretProperties()
                        .setContentType("text/plain")
                        .setTags(Map.of("team", "payments"))
                        .setExpiresOn(expires)));

    assertThat(first.getName()).isEqualTo("db-password");
    assertThat(first.getId())
        .isEqualTo(
            keygate.vaultUrl("payments")
                + "/secrets/db-password/"
                + first.getProperties().getVersion());
    assertThat(second.getProperties().getVersion())
        .isNotEqualTo(first.getProperties().getVersion());

    KeyVaultSecret latest = client.getSecret("db-password");
    assertThat(latest.getValue()).isEqualTo("second-value");
    assertThat(latest.getProperties().getContentType()).isEqualTo("text/plain");
    assertThat(latest.getProperties().getTags()).containsEntry("team", "payments");
    assertThat(latest.getProperties().getExpiresOn()).isEqualTo(expires);
    assertThat(client.getSecret("db-password", first.getProperties().getVersion()).getValue())
        .isEqualTo("first-value");
    assertThat(client.getSecret("db-password", "").getValue()).isEqualTo("second-value");
  }

  @Test
  void listing_pagesOverMoreThan25Secrets_andListsVersions() {
    for (int i = 0; i < 30; i++) {
      client.setSecret(String.format("paged-%02d", i), "v" + i);
    }
    client.setSecret("paged-00", "again");
    List<String> names =
        client.listPropertiesOfSecrets().stream()
            .map(SecretProperties::getName)
            .filter(n -> n.startsWith("paged-"))
            .toList();
    assertThat(names).hasSize(30).doesNotHaveDuplicates();
    assertThat(names.get(0)).isEqualTo("paged-00");
    var pages = client.listPropertiesOfSecrets().streamByPage().toList();
    assertThat(pages.size()).isGreaterThanOrEqualTo(2);
    assertThat(pages.get(0).getContinuationToken()).isNotNull();

    List<SecretProperties> versions =
        client.listPropertiesOfSecretVersions("paged-00").stream().toList();
    assertThat(versions).hasSize(2);
    assertThat(versions).allSatisfy(v -> assertThat(v.getName()).isEqualTo("paged-00"));
  }

  @Test
  void update_changesAttributesNotTheValue() {
    KeyVaultSecret secret = client.setSecret("api-key", "the-value");
    SecretProperties properties =
        secret.getProperties().setEnabled(false).setTags(Map.of("state", "retired"));
    SecretProperties updated = client.updateSecretProperties(properties);
    assertThat(updated.isEnabled()).isFalse();
    assertThat(updated.getTags()).isEqualTo(Map.of("state", "retired"));
    assertThat(updated.getVersion()).isEqualTo(secret.getProperties().getVersion());
  }

  @Test
  void delete_recover_delete_purge_withTheSdksPollers() {
    client.setSecret("short-lived", "value-1");
    SyncPoller<DeletedSecret, Void> deleting = client.beginDeleteSecret("short-lived");
    DeletedSecret deleted = deleting.waitForCompletion().getValue();
    assertThat(deleted.getName()).isEqualTo("short-lived");
    assertThat(deleted.getRecoveryId())
        .isEqualTo(keygate.vaultUrl("payments") + "/deletedsecrets/short-lived");
    assertThat(deleted.getScheduledPurgeDate()).isAfter(deleted.getDeletedOn());

    assertThat(client.getDeletedSecret("short-lived").getName()).isEqualTo("short-lived");
    assertThat(
            client.listDeletedSecrets().stream()
                .map(DeletedSecret::getName)
                .collect(Collectors.toSet()))
        .contains("short-lived");

    KeyVaultSecret recovered =
        client.beginRecoverDeletedSecret("short-lived").waitForCompletion().getValue();
    assertThat(recovered.getName()).isEqualTo("short-lived");
    assertThat(client.getSecret("short-lived").getValue()).isEqualTo("value-1");

    client.beginDeleteSecret("short-lived").waitForCompletion();
    client.purgeDeletedSecret("short-lived");
    assertThat(
            client.listDeletedSecrets().stream()
                .map(DeletedSecret::getName)
                .collect(Collectors.toSet()))
        .doesNotContain("short-lived");
  }

  @Test
  void backupThenRestore_bringsBackEveryVersion() {
    client.setSecret("to-move", "old");
    client.setSecret("to-move", "new");
    byte[] backup = client.backupSecret("to-move");
    client.beginDeleteSecret("to-move").waitForCompletion();
    client.purgeDeletedSecret("to-move");

    KeyVaultSecret restored = client.restoreSecretBackup(backup);
    assertThat(restored.getName()).isEqualTo("to-move");
    assertThat(client.getSecret("to-move").getValue()).isEqualTo("new");
    assertThat(client.listPropertiesOfSecretVersions("to-move").stream().count()).isEqualTo(2);
  }

  @Test
  void asyncClient_runsTheSameLifecycle() {
    Duration timeout = Duration.ofSeconds(30);
    for (int i = 0; i < 27; i++) {
      async.setSecret(String.format("async-%02d", i), "value-" + i).block(timeout);
    }
    KeyVaultSecret second = async.setSecret("async-00", "newer").block(timeout);
    assertThat(async.getSecret("async-00").block(timeout).getValue()).isEqualTo("newer");
    assertThat(
            async
                .getSecret("async-00", second.getProperties().getVersion())
                .block(timeout)
                .getValue())
        .isEqualTo("newer");
    List<String> names =
        async
            .listPropertiesOfSecrets()
            .map(SecretProperties::getName)
            .filter(n -> n.startsWith("async-"))
            .collectList()
            .block(timeout);
    assertThat(names).hasSize(27);
    assertThat(async.listPropertiesOfSecretVersions("async-00").count().block(timeout))
        .isEqualTo(2);

    DeletedSecret deleted = async.beginDeleteSecret("async-01").last().block(timeout).getValue();
    assertThat(deleted.getName()).isEqualTo("async-01");
    assertThat(async.getDeletedSecret("async-01").block(timeout).getName()).isEqualTo("async-01");
    KeyVaultSecret recovered =
        async.beginRecoverDeletedSecret("async-01").last().block(timeout).getValue();
    assertThat(recovered.getName()).isEqualTo("async-01");

    byte[] backup = async.backupSecret("async-02").block(timeout);
    async.beginDeleteSecret("async-02").last().block(timeout);
    async.purgeDeletedSecret("async-02").block(timeout);
    assertThat(async.restoreSecretBackup(backup).block(timeout).getName()).isEqualTo("async-02");
    assertThat(async.getSecret("async-02").block(timeout).getValue()).isEqualTo("value-2");
  }
}
