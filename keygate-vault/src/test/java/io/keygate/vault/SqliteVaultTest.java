package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on the embedded default: a SQLite file in a temporary data directory. */
class SqliteVaultTest extends VaultContractTest {
  @TempDir Path temporary;
  private Path data;

  @Override
  void newStore() {
    data = temporary.resolve("data");
  }

  @Override
  public VaultOptions options(MasterKeySource key, Clock clock) {
    return VaultOptions.embedded(data)
        .withMasterKey(key)
        .withClock(clock)
        .withSweepInterval(Duration.ZERO);
  }

  @Override
  public Connection rawConnection() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
  }

  @Override
  public void assertStoreDoesNotContain(String needle) throws Exception {
    byte[] pattern = needle.getBytes(StandardCharsets.UTF_8);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(data)) {
      listing.forEach(files::add);
    }
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .contains("vault.db", "vault.db-wal");
    for (Path file : files) {
      assertThat(indexOf(Files.readAllBytes(file), pattern))
          .as("%s found in %s", needle, file.getFileName())
          .isEqualTo(-1);
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
