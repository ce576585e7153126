package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The vault's contract suite: every behaviour test lives in the contract interfaces; a subclass
 * supplies only the store (SQLite or PostgreSQL). Each test gets a fresh store, a fresh master key
 * and a clock it can move; the whole class runs under a log capture that must never see a canary.
 */
abstract class VaultContractTest
    implements SecretsContract,
        AttributesContract,
        DeletionContract,
        BackupContract,
        BarrierContract,
        MasterKeyContract,
        RbacContract,
        AuditContract,
        AuditChainContract,
        DestroyContract {
  private static LogCapture logs;

  private MutableClock clock;
  private MasterKeySource masterKey;
  private SecretVault vault;

  /** Creates this test's empty store. */
  abstract void newStore() throws Exception;

  @BeforeAll
  static void captureLogs() {
    logs = new LogCapture();
  }

  @AfterAll
  static void noCanaryWasLogged() {
    try {
      List<String> lines = logs.lines();
      assertThat(Fixtures.CANARIES).isNotEmpty();
      for (String canary : Fixtures.CANARIES) {
        assertThat(lines).noneMatch(line -> line.contains(canary));
      }
    } finally {
      logs.close();
    }
  }

  @BeforeEach
  void openVault() throws Exception {
    newStore();
    clock = new MutableClock(START);
    masterKey = Fixtures.randomKey();
    vault = SecretVault.open(options(masterKey, clock));
  }

  @AfterEach
  void closeVault() {
    if (vault != null) {
      vault.close();
    }
  }

  @Override
  public SecretVault vault() {
    return vault;
  }

  @Override
  public MutableClock clock() {
    return clock;
  }

  @Override
  public MasterKeySource masterKey() {
    return masterKey;
  }

  @Override
  public SecretVault reopen(MasterKeySource key) {
    vault.close();
    vault = null;
    vault = SecretVault.open(options(key, clock));
    masterKey = key;
    return vault;
  }

  @Override
  public abstract VaultOptions options(MasterKeySource key, Clock clock);

  @Override
  public byte[] backupFromAFreshVaultWithAnotherKey(String name) {
    Path elsewhere = null;
    try {
      elsewhere = Files.createTempDirectory("keygate-foreign-vault");
      VaultOptions foreign =
          VaultOptions.embedded(elsewhere).withMasterKey(Fixtures.randomKey()).withClock(clock);
      try (SecretVault other = SecretVault.open(foreign.withSweepInterval(Duration.ZERO))) {
        other.setSecret(V, name, SetSecretRequest.of(Fixtures.canary()));
        return other.backupSecret(V, name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(elsewhere);
    }
  }

  static void deleteRecursively(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
