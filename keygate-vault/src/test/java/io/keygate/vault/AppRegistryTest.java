package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.vault.apps.AppCredential;
import io.keygate.vault.apps.AppRegistration;
import io.keygate.vault.apps.AppRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The app registry on both stores. */
class AppRegistryTest {
  @TempDir Path data;

  private <T> T withRegistry(String store, Function<AppRegistry, T> work) {
    MasterKeySource key = MasterKeySource.keyFile(data.resolve("master-key.json"));
    VaultOptions options =
        store.equals("sqlite")
            ? VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO)
            : VaultOptions.postgres(SharedPostgres.newEmptyDatabaseUrl(), null, null, key)
                .withSweepInterval(Duration.ZERO);
    try (SecretVault vault = SecretVault.open(options);
        AppRegistry apps = AppRegistry.open(options)) {
      assertThat(vault.listVaults()).isNotEmpty();
      return work.apply(apps);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void app_isCreatedListedGivenCredentialsAndDeleted(String store) {
    withRegistry(
        store,
        apps -> {
          AppRegistration created = apps.create("payments-batch", "admin");
          assertThat(created.clientId()).matches("[0-9a-f-]{36}");
          assertThat(created.principal()).isEqualTo("app:" + created.clientId());
          assertThat(apps.exists(created.clientId())).isTrue();

          AppCredential secret =
              apps.addCredential(
                  created.clientId(),
                  AppCredential.Kind.SECRET,
                  "kgs",
                  "hash-of-secret",
                  Optional.of(Instant.parse("2030-01-01T00:00:00Z")));
          apps.addCredential(
              created.clientId(),
              AppCredential.Kind.CERTIFICATE,
              "ab12",
              "-----BEGIN CERTIFICATE-----",
              Optional.empty());
          AppRegistration read = apps.get(created.clientId());
          assertThat(read.credentials())
              .extracting(AppCredential::kind)
              .containsExactlyInAnyOrder(AppCredential.Kind.SECRET, AppCredential.Kind.CERTIFICATE);
          assertThat(read.credentials())
              .filteredOn(c -> c.kind() == AppCredential.Kind.SECRET)
              .singleElement()
              .satisfies(
                  c -> {
                    assertThat(c.material()).isEqualTo("hash-of-secret");
                    assertThat(c.expires()).contains(Instant.parse("2030-01-01T00:00:00Z"));
                  });
          assertThat(apps.list()).extracting(AppRegistration::clientId).contains(read.clientId());

          apps.removeCredential(created.clientId(), secret.id());
          assertThat(apps.get(created.clientId()).credentials()).hasSize(1);
          apps.delete(created.clientId());
          assertThat(apps.exists(created.clientId())).isFalse();
          assertThat(apps.list()).isEmpty();
          return null;
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgres"})
  void duplicateClientIdUnknownAppAndBadInput_areTypedErrors(String store) {
    withRegistry(
        store,
        apps -> {
          apps.create("ci-runner", "CI runner", "admin");
          assertThatThrownBy(() -> apps.create("ci-runner", "again", "admin"))
              .isInstanceOf(VaultException.Conflict.class)
              .hasMessage("app ci-runner already exists");
          assertThatThrownBy(() -> apps.get("nobody"))
              .isInstanceOf(VaultException.NotFound.class)
              .hasMessage("app nobody does not exist");
          assertThatThrownBy(() -> apps.delete("nobody"))
              .isInstanceOf(VaultException.NotFound.class);
          assertThatThrownBy(() -> apps.removeCredential("ci-runner", "nope"))
              .isInstanceOf(VaultException.NotFound.class)
              .hasMessage("app ci-runner has no credential nope");
          assertThatThrownBy(() -> apps.create("bad id", "x", "admin"))
              .isInstanceOf(VaultException.BadParameter.class);
          assertThatThrownBy(() -> apps.create(" ", "admin"))
              .isInstanceOf(VaultException.BadParameter.class)
              .hasMessage("display name must be 1 to 256 characters");
          assertThat(apps.exists("bad id")).isFalse();
          return null;
        });
  }
}
