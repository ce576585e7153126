package io.keygate.vault.server.kv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretBundle;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.VaultMetadataRequest;
import org.springframework.vault.support.VaultMetadataResponse;
import org.springframework.vault.support.Versioned;
import org.springframework.vault.support.Versioned.Version;

/** Spring Vault's own client against Keygate's KV v2 API over TLS, trusting Keygate's PEM cert. */
class SpringVaultClientTest {
  private static final String CANARY = "canary-spring-5f1d2c9e";
  @TempDir static Path data;
  private static KvServer server;
  private static VaultTemplate template;
  private static VaultVersionedKeyValueOperations kv;

  @BeforeAll
  static void start() throws Exception {
    server = new KvServer(data, Map.of());
    server.vault.createVault("secret");
    template =
        new VaultTemplate(
            SpringVaultSetup.endpoint(server),
            SpringVaultSetup.requestFactory(server),
            new SimpleSessionManager(new TokenAuthentication(server.token.reveal())));
    kv = template.opsForVersionedKeyValue("secret");
  }

  @AfterAll
  static void stop() throws Exception {
    template.destroy();
    server.close();
  }

  @Test
  void aSecretWrittenBySpringVault_isReadBackAndStoredAsJsonInKeygate() {
    Versioned.Metadata written =
        kv.put("billing/db", Map.of("username", "billing", "password", CANARY));

    Versioned<Map<String, Object>> read = kv.get("billing/db");

    assertThat(written.getVersion()).isEqualTo(Version.from(1));
    assertThat(read.getRequiredData())
        .containsEntry("username", "billing")
        .containsEntry("password", CANARY);
    assertThat(read.getRequiredMetadata().getVersion()).isEqualTo(Version.from(1));
    assertThat(read.getRequiredMetadata().isDeleted()).isFalse();
    SecretBundle stored = server.vault.getSecret("secret", "billing--db", Optional.empty());
    assertThat(stored.properties().contentType()).contains("application/json");
    assertThat(stored.value().reveal()).contains("\"password\":\"" + CANARY + "\"");
  }

  @Test
  void versionedReads_returnTheVersionAskedFor_inCreationOrder() {
    kv.put("orders/api", Map.of("key", "first"));
    kv.put("orders/api", Map.of("key", "second"));
    server.vault.setSecret(
        "secret", "orders--api", SetSecretRequest.of(SecretValue.of("{\"key\":\"third\"}")));

    Versioned<Map<String, Object>> first = kv.get("orders/api", Version.from(1));
    Versioned<Map<String, Object>> second = kv.get("orders/api", Version.from(2));
    assertThat(first.getRequiredData()).containsEntry("key", "first");
    assertThat(second.getRequiredData()).containsEntry("key", "second");
    Versioned<Map<String, Object>> latest = kv.get("orders/api");
    assertThat(latest.getRequiredData()).containsEntry("key", "third");
    assertThat(latest.getRequiredMetadata().getVersion()).isEqualTo(Version.from(3));
  }

  @Test
  void aCheckAndSetWriteWithAStaleVersion_isRefusedWithVaultsMessage() {
    kv.put("cas/app", Map.of("n", "1"));
    kv.put("cas/app", Versioned.create(Map.of("n", "2"), Version.from(1)));

    assertThatThrownBy(() -> kv.put("cas/app", Versioned.create(Map.of("n", "3"), Version.from(1))))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining("Status 400")
        .hasMessageContaining("check-and-set parameter did not match the current version");
    assertThat(kv.get("cas/app").getRequiredData()).containsEntry("n", "2");
  }

  @Test
  void deletedVersions_readAsDeletedUntilUndeleted() {
    kv.put("lifecycle/app", Map.of("v", "1"));
    kv.put("lifecycle/app", Map.of("v", "2"));

    kv.delete("lifecycle/app");
    Versioned<Map<String, Object>> deleted = kv.get("lifecycle/app");
    assertThat(deleted.hasData()).isFalse();
    assertThat(deleted.getRequiredMetadata().isDeleted()).isTrue();
    assertThat(deleted.getRequiredMetadata().getVersion()).isEqualTo(Version.from(2));

    kv.undelete("lifecycle/app", Version.from(2));
    assertThat(kv.get("lifecycle/app").getRequiredData()).containsEntry("v", "2");

    kv.delete("lifecycle/app", Version.from(1));
    assertThat(kv.get("lifecycle/app", Version.from(1)).hasData()).isFalse();
    assertThat(kv.get("lifecycle/app", Version.from(2)).hasData()).isTrue();
  }

  @Test
  void aDestroyedVersion_readsAsDestroyed_andCannotBeUndeleted() {
    kv.put("destroy/app", Map.of("v", CANARY));
    kv.put("destroy/app", Map.of("v", "2"));

    kv.destroy("destroy/app", Version.from(1));
    kv.undelete("destroy/app", Version.from(1));

    Versioned<Map<String, Object>> destroyed = kv.get("destroy/app", Version.from(1));
    assertThat(destroyed.hasData()).isFalse();
    assertThat(destroyed.getRequiredMetadata().isDestroyed()).isTrue();
    Versioned<Map<String, Object>> latest = kv.get("destroy/app");
    assertThat(latest.getRequiredData()).containsEntry("v", "2");
    assertThat(kv.opsForKeyValueMetadata().get("destroy/app").getVersions().get(0).isDestroyed())
        .isTrue();
  }

  @Test
  void customMetadata_writtenBySpringVault_isKeptAcrossNewVersions() throws Exception {
    kv.put("custom/app", Map.of("v", "1"));

    kv.opsForKeyValueMetadata()
        .put(
            "custom/app",
            VaultMetadataRequest.builder().customMetadata(Map.of("owner", "billing")).build());
    kv.put("custom/app", Map.of("v", "2"));

    // (Spring Vault 4.0.4's VaultMetadataResponse leaves custom_metadata out, so the metadata
    // endpoint is checked raw.)
    String custom =
        server
            .vault("GET", "/v1/secret/metadata/custom/app", null)
            .json()
            .path("data")
            .path("custom_metadata")
            .toString();
    assertThat(custom).isEqualTo("{\"owner\":\"billing\"}");
    Versioned<Map<String, Object>> latest = kv.get("custom/app");
    assertThat(latest.getRequiredMetadata().getCustomMetadata())
        .containsExactly(Map.entry("owner", "billing"));
    assertThatThrownBy(
            () ->
                kv.opsForKeyValueMetadata()
                    .put("custom/app", VaultMetadataRequest.builder().maxVersions(3).build()))
        .isInstanceOf(VaultException.class)
        .hasMessageContaining(
            "max_versions is not supported by Keygate (only its default 0 is accepted)");
  }

  @Test
  void aMissingSecret_readsAsNull() {
    assertThat(kv.get("nothing/here")).isNull();
  }

  @Test
  void listing_showsTheKeysDirectlyUnderAPrefix() {
    kv.put("listing/one", Map.of("a", "1"));
    kv.put("listing/deeper/two", Map.of("a", "2"));
    kv.put("listing/deeper/three", Map.of("a", "3"));

    assertThat(kv.list("listing")).containsExactly("deeper/", "one");
    assertThat(kv.list("listing/deeper/")).containsExactly("three", "two");
    assertThat(kv.list("")).contains("listing/");
  }

  @Test
  void metadata_listsEveryVersionAndDeletingItRemovesTheSecret() {
    kv.put("meta/app", Map.of("v", "1"));
    kv.put("meta/app", Map.of("v", "2"));
    kv.delete("meta/app", Version.from(1));

    VaultMetadataResponse metadata = kv.opsForKeyValueMetadata().get("meta/app");
    assertThat(metadata.getCurrentVersion()).isEqualTo(2);
    List<Versioned.Metadata> versions = metadata.getVersions();
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).isDeleted()).isTrue();
    assertThat(versions.get(1).isDeleted()).isFalse();

    kv.opsForKeyValueMetadata().delete("meta/app");
    assertThat(kv.get("meta/app")).isNull();
    assertThat(
            server.vault.listSecrets("secret", SecretVault.MAX_PAGE_SIZE, Optional.empty()).items())
        .noneMatch(p -> p.name().equalsIgnoreCase("meta--app"));
  }
}
