package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeletionAndBackupApiTest {
  @TempDir static Path data;
  static RunningAdminServer api;

  @BeforeAll
  static void start() throws Exception {
    api = new RunningAdminServer(data, null);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void delete_answersWithRecoveryDetailsAndHidesTheSecret() throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/gone", "{\"value\":\"x\"}");

    var deleted = api.call("DELETE", "/v1/vaults/default/secrets/gone", null);
    var get = api.call("GET", "/v1/vaults/default/secrets/gone", null);
    var deletedGet = api.call("GET", "/v1/vaults/default/deletedsecrets/gone", null);
    var deletedList = api.call("GET", "/v1/vaults/default/deletedsecrets", null);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().path("recoveryId").asText())
        .endsWith("/v1/vaults/default/deletedsecrets/gone");
    long deletedDate = deleted.json().path("deletedDate").asLong();
    assertThat(deleted.json().path("scheduledPurgeDate").asLong())
        .isEqualTo(deletedDate + 90L * 24 * 3600);
    assertThat(deleted.json().has("value")).isFalse();
    assertThat(get.status()).isEqualTo(404);
    assertThat(deletedGet.status()).isEqualTo(200);
    assertThat(deletedGet.json().path("recoveryId").asText()).endsWith("/deletedsecrets/gone");
    assertThat(deletedList.json().path("value").findValuesAsText("recoveryId"))
        .anyMatch(id -> id.endsWith("/deletedsecrets/gone"));
  }

  @Test
  void setOnADeletedName_is409UntilRecovered() throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/blocked", "{\"value\":\"old\"}");
    api.call("DELETE", "/v1/vaults/default/secrets/blocked", null);

    var refused = api.call("PUT", "/v1/vaults/default/secrets/blocked", "{\"value\":\"new\"}");
    var recovered = api.call("POST", "/v1/vaults/default/deletedsecrets/blocked/recover", null);
    var get = api.call("GET", "/v1/vaults/default/secrets/blocked", null);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("ObjectIsDeletedButRecoverable");
    assertThat(recovered.status()).isEqualTo(200);
    assertThat(recovered.json().path("id").asText()).contains("/secrets/blocked/");
    assertThat(get.json().path("value").asText()).isEqualTo("old");
  }

  @Test
  void purge_removesADeletedSecretForGood() throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/purged", "{\"value\":\"x\"}");
    api.call("DELETE", "/v1/vaults/default/secrets/purged", null);

    var purge = api.call("DELETE", "/v1/vaults/default/deletedsecrets/purged", null);
    var deletedGet = api.call("GET", "/v1/vaults/default/deletedsecrets/purged", null);
    var setAgain = api.call("PUT", "/v1/vaults/default/secrets/purged", "{\"value\":\"y\"}");

    assertThat(purge.status()).isEqualTo(204);
    assertThat(purge.body()).isEmpty();
    assertThat(deletedGet.status()).isEqualTo(404);
    assertThat(setAgain.status()).isEqualTo(200);
  }

  @Test
  void purgeOfALiveSecret_is404() throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/alive", "{\"value\":\"x\"}");

    var purge = api.call("DELETE", "/v1/vaults/default/deletedsecrets/alive", null);

    assertThat(purge.status()).isEqualTo(404);
    assertThat(purge.errorCode()).isEqualTo("SecretNotFound");
  }

  @Test
  void backupAndRestore_bringBackEveryVersion() throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/saved", "{\"value\":\"first\"}");
    api.call("PUT", "/v1/vaults/default/secrets/saved", "{\"value\":\"second\"}");

    var backup = api.call("POST", "/v1/vaults/default/secrets/saved/backup", null);
    String blob = backup.json().path("value").asText();
    api.call("DELETE", "/v1/vaults/default/secrets/saved", null);
    api.call("DELETE", "/v1/vaults/default/deletedsecrets/saved", null);
    var restored =
        api.call("POST", "/v1/vaults/default/secrets/restore", "{\"value\":\"" + blob + "\"}");
    var versions = api.call("GET", "/v1/vaults/default/secrets/saved/versions", null);
    var current = api.call("GET", "/v1/vaults/default/secrets/saved", null);

    assertThat(backup.status()).isEqualTo(200);
    assertThat(blob).matches("[A-Za-z0-9_-]+").doesNotContain("first", "second");
    assertThat(restored.status()).isEqualTo(200);
    assertThat(restored.json().path("id").asText()).contains("/secrets/saved/");
    assertThat(versions.json().path("value")).hasSize(2);
    assertThat(current.json().path("value").asText()).isEqualTo("second");
  }

  @Test
  void restoreOverAnExistingSecret_is409() throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/twice", "{\"value\":\"x\"}");
    String blob =
        api.call("POST", "/v1/vaults/default/secrets/twice/backup", null)
            .json()
            .path("value")
            .asText();

    var restored =
        api.call("POST", "/v1/vaults/default/secrets/restore", "{\"value\":\"" + blob + "\"}");

    assertThat(restored.status()).isEqualTo(409);
    assertThat(restored.errorCode()).isEqualTo("Conflict");
  }

  @Test
  void masterKeyRotation_inPlaceKeepsSecretsReadable() throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/rotated", "{\"value\":\"still here\"}");
    String keyBefore = java.nio.file.Files.readString(data.resolve("master-key.json"));

    var rotation = api.call("POST", "/v1/master-key/rotate", null);
    var get = api.call("GET", "/v1/vaults/default/secrets/rotated", null);

    assertThat(rotation.status()).as(rotation.toString()).isEqualTo(200);
    assertThat(rotation.json().path("rewrappedDataKeys").asInt()).isPositive();
    assertThat(rotation.json().path("masterKey").asText())
        .isEqualTo("key file " + data.resolve("master-key.json"));
    assertThat(java.nio.file.Files.readString(data.resolve("master-key.json")))
        .isNotEqualTo(keyBefore);
    assertThat(get.json().path("value").asText()).isEqualTo("still here");
  }

  @Test
  void masterKeyRotation_refusesUnknownFields() throws Exception {
    var rotation = api.call("POST", "/v1/master-key/rotate", "{\"newKey\":\"x\"}");

    assertThat(rotation.status()).isEqualTo(400);
    assertThat(rotation.errorMessage())
        .isEqualTo("unknown field 'newKey'; allowed fields: [keyMaterial, passphrase]");
  }
}
