package io.keygate.sources.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource.Readability;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.MasterKeySource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded source tells, for load-time validation, whether a reference can resolve for anyone:
 * the secret must exist and some caller principal must hold a role that reads values on a scope
 * covering it.
 */
class EmbeddedReadabilityTest {
  private static final Actor ADMIN = Actor.admin("test", "");
  private static final SecretRef TOKEN = SecretRef.of("payments", "token");

  @TempDir Path data;
  private SecretVault vault;
  private ExecutorService executor;
  private EmbeddedVaultSource source;

  @BeforeEach
  void openVault() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    vault =
        SecretVault.open(
            VaultOptions.embedded(data)
                .withMasterKey(
                    MasterKeySource.keyMaterial(
                        SecretValue.of(Base64.getEncoder().encodeToString(key))))
                .withSweepInterval(Duration.ZERO));
    vault.createVault("payments");
    executor = Executors.newVirtualThreadPerTaskExecutor();
    source = new EmbeddedVaultSource(vault, executor);
  }

  @AfterEach
  void close() {
    executor.shutdown();
    vault.close();
  }

  private Readability readability(SecretRef ref) {
    return source.readability(ref).toCompletableFuture().join();
  }

  @Test
  void missingSecretOrVault_isNotFound() {
    assertThat(readability(TOKEN)).isEqualTo(Readability.NOT_FOUND);
    assertThat(readability(SecretRef.of("nowhere", "token"))).isEqualTo(Readability.NOT_FOUND);
  }

  @Test
  void secretThatNoCallerMayRead_hasNoReader_evenWithMetadataRolesOrAGatewayNode() {
    vault.setSecret("payments", "token", SetSecretRequest.of(SecretValue.of("v1")));
    vault.roles().assign(ADMIN, "key:k1", Role.SECRETS_READER, Scope.parse("payments/token"));
    vault.roles().assign(ADMIN, "key:k2", Role.SECRETS_USER, Scope.parse("payments/other"));
    vault.roles().assign(ADMIN, "app:node-b", Role.GATEWAY_NODE, Scope.parse("*"));

    assertThat(readability(TOKEN)).isEqualTo(Readability.NO_READER);
  }

  @Test
  void aValueRoleOnACoveringScope_makesItReadable() {
    vault.setSecret("payments", "token", SetSecretRequest.of(SecretValue.of("v1")));
    vault.roles().assign(ADMIN, "group:payments-team", Role.SECRETS_USER, Scope.parse("payments"));

    assertThat(readability(TOKEN)).isEqualTo(Readability.READABLE);
  }

  @Test
  void otherSources_areUnknownToTheEmbeddedVault() {
    assertThat(
            readability(
                new SecretRef(
                    "azure", "kv", "x", java.util.Optional.empty(), java.util.Optional.empty())))
        .isEqualTo(Readability.UNKNOWN);
  }
}
