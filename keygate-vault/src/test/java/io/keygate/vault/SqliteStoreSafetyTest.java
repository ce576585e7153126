package io.keygate.vault;

import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.secrets.SecretValue;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens to the SQLite file when things go wrong: corruption, truncation, a wrong key. */
class SqliteStoreSafetyTest {
  @TempDir Path data;

  private VaultOptions options(MasterKeySource key) {
    return VaultOptions.embedded(data).withMasterKey(key).withSweepInterval(Duration.ZERO);
  }

  @Test
  void garbageDatabaseFile_failsAtOpenWithAClearError() throws Exception {
    Files.write(data.resolve("vault.db"), "garbage bytes, no header ".repeat(200).getBytes());

    assertThatThrownBy(() -> SecretVault.open(options(Fixtures.randomKey())))
        .isInstanceOf(VaultOpenException.class)
        .hasMessage(
            "cannot open the vault's store at jdbc:sqlite:"
                + data.resolve("vault.db")
                + ":"
                + " [SQLITE_NOTADB] File opened that is not a database file (file is not a"
                + " database)");
  }

  @Test
  void truncatedDatabaseFile_failsAtOpenWithAClearError() throws Exception {
    MasterKeySource key = Fixtures.randomKey();
    try (SecretVault vault = SecretVault.open(options(key))) {
      for (int i = 0; i < 60; i++) {
        vault.setSecret(
            "default", "bulk-" + i, SetSecretRequest.of(SecretValue.ofBytes(new byte[2000])));
      }
    }
    Path file = data.resolve("vault.db");
    assertThat(Files.exists(data.resolve("vault.db-wal"))).isFalse();
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.setLength(raw.length() / 2);
    }

    assertThatThrownBy(() -> SecretVault.open(options(key)))
        .isInstanceOf(VaultOpenException.class)
        .hasMessage(
            "cannot open the vault's store at jdbc:sqlite:"
                + file
                + ": [SQLITE_CORRUPT] The"
                + " database disk image is malformed (database disk image is malformed)");
  }

  @Test
  void wrongMasterKey_leavesTheDatabaseFileByteForByteUnchanged() throws Exception {
    try (SecretVault vault = SecretVault.open(options(Fixtures.randomKey()))) {
      vault.setSecret("default", "kept", SetSecretRequest.of(canary()));
    }
    List<String> filesBefore = files();
    String hashBefore = sha256(data.resolve("vault.db"));

    assertThatThrownBy(() -> SecretVault.open(options(Fixtures.randomKey())))
        .isInstanceOf(VaultOpenException.class)
        .hasMessageStartingWith("master key does not match this vault's data (key check failed)");

    assertThat(sha256(data.resolve("vault.db"))).isEqualTo(hashBefore);
    assertThat(files()).isEqualTo(filesBefore);
  }

  @Test
  void store_runsInWalMode() throws Exception {
    try (SecretVault vault = SecretVault.open(options(Fixtures.randomKey()));
        Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve("vault.db"));
        Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
      assertThat(mode.next()).isTrue();
      assertThat(mode.getString(1)).isEqualTo("wal");
      assertThat(vault.listVaults()).hasSize(1);
    }
  }

  private List<String> files() throws Exception {
    try (Stream<Path> listing = Files.list(data)) {
      return listing.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
