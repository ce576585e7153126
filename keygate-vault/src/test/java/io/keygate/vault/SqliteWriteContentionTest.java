package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.GuardedVault;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers on one SQLite file: an audited write reads (the audit chain's head, the current
 * version) before it writes, and a deferred SQLite transaction that read before another
 * connection's commit cannot take the write lock — it fails at once with SQLITE_BUSY, without
 * waiting for the busy timeout. Write transactions must start IMMEDIATE so they queue instead.
 */
class SqliteWriteContentionTest {
  @TempDir Path data;

  @Test
  void concurrentAuditedWritesFromTwoVaultsOnOneFile_allSucceed() throws Exception {
    MasterKeySource key = Fixtures.randomKey();
    VaultOptions options = VaultOptions.embedded(data).withMasterKey(key);
    try (SecretVault first = SecretVault.open(options);
        SecretVault second = SecretVault.open(options)) {
      first.createVault("load");
      List<GuardedVault> vaults = List.of(new GuardedVault(first), new GuardedVault(second));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> writes = new ArrayList<>();
        for (int writer = 0; writer < 8; writer++) {
          GuardedVault vault = vaults.get(writer % 2);
          String name = "secret-" + (writer % 3);
          writes.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 8; i++) {
                      vault.setSecret(
                          Actor.admin("test", ""),
                          "load",
                          name,
                          SetSecretRequest.of(SecretValue.of("value-" + i)));
                    }
                    return null;
                  }));
        }
        for (Future<?> write : writes) {
          write.get(); // rethrows the first refused write
        }
      } finally {
        pool.shutdownNow();
      }
      var chain = first.audit().verify(Optional.empty());
      assertThat(chain.ok()).as(chain.summary()).isTrue();
      assertThat(chain.checked()).isGreaterThanOrEqualTo(64);
    }
  }
}
