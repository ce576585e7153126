package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.ChainVerification;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two vault nodes on one PostgreSQL database append to the audit trail at the same time: the chain
 * must not fork (every position taken once, each entry linked to the one before it).
 */
class AuditChainTwoNodesTest {
  private static final int WRITERS_PER_NODE = 4;
  private static final int ENTRIES_PER_WRITER = 25;

  @Test
  void concurrentWritersOnTwoNodes_buildOneUnbrokenChain() throws Exception {
    String url = SharedPostgres.newDatabaseUrl();
    MasterKeySource key = Fixtures.randomKey();
    try (SecretVault nodeA = SecretVault.open(options(url, key));
        SecretVault nodeB = SecretVault.open(options(url, key))) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * WRITERS_PER_NODE);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS_PER_NODE; w++) {
        writers.add(pool.submit(() -> write(nodeA, "node-a")));
        writers.add(pool.submit(() -> write(nodeB, "node-b")));
      }
      for (Future<?> writer : writers) {
        writer.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      int total = 2 * WRITERS_PER_NODE * ENTRIES_PER_WRITER;
      ChainVerification fromA = nodeA.audit().verify(Optional.empty());
      ChainVerification fromB = nodeB.audit().verify(Optional.empty());
      assertThat(fromA.summary()).startsWith("OK: " + total + " entries verified");
      assertThat(fromB).isEqualTo(fromA);
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "SELECT COUNT(DISTINCT seq), MIN(seq), MAX(seq), COUNT(DISTINCT prev_hash),"
                      + " COUNT(DISTINCT via) FROM audit_log")) {
        result.next();
        assertThat(List.of(result.getLong(1), result.getLong(2), result.getLong(3)))
            .containsExactly((long) total, 1L, (long) total);
        assertThat(result.getLong(4)).as("no two entries share a predecessor").isEqualTo(total);
        assertThat(result.getLong(5)).isEqualTo(2);
      }
    }
  }

  private static Void write(SecretVault node, String name) {
    for (int i = 0; i < ENTRIES_PER_WRITER; i++) {
      node.audit()
          .record(
              new AuditEntry(
                  Clock.systemUTC().instant(),
                  List.of("service:" + name),
                  "service:" + name,
                  name,
                  "",
                  "READ_VALUE",
                  SecretVault.DEFAULT_VAULT,
                  "token",
                  "v" + i,
                  AuditEntry.ALLOWED,
                  "",
                  ""));
    }
    return null;
  }

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
}
