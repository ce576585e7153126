package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.vault.rbac.Action;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two vault nodes on one PostgreSQL database: decisions come from memory, refreshed in time. */
class PostgresRbacClusterTest {

  private static VaultOptions options(String url, MasterKeySource key) {
    return new VaultOptions(
        Path.of("unused"),
        Optional.of(url),
        Optional.empty(),
        Optional.empty(),
        key,
        VaultOptions.DEFAULT_RETENTION_DAYS,
        VaultOptions.DEFAULT_MAX_VALUE_BYTES,
        Duration.ZERO,
        Clock.systemUTC());
  }

  @Test
  void assignmentOnOneNode_reachesTheOtherWithinTheRefreshInterval() {
    String url = SharedPostgres.newDatabaseUrl();
    MasterKeySource key = Fixtures.randomKey();
    try (SecretVault a = SecretVault.open(options(url, key));
        SecretVault b = SecretVault.open(options(url, key))) {
      Set<String> caller = Set.of("key:k1");
      assertThat(b.roles().check(caller, Action.READ_VALUE, "default", "t").allowed()).isFalse();

      a.roles().assign(Actor.admin("test", ""), "key:k1", Role.SECRETS_USER, Scope.ALL);

      assertThat(a.roles().check(caller, Action.READ_VALUE, "default", "t").allowed()).isTrue();
      // Node b decides from its in-memory copy, refreshed at least every 10 s.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> b.roles().check(caller, Action.READ_VALUE, "default", "t").allowed());
    }
  }
}
