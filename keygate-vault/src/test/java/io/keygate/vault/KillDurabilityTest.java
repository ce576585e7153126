package io.keygate.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged write survives {@code kill -9}: a child JVM writes versions in a loop and prints
 * each one after {@code setSecret} returns; it is killed mid-stream, and every acknowledged version
 * must be there, with its value, when the vault is reopened.
 */
class KillDurabilityTest {
  private static final int ACKNOWLEDGED_BEFORE_KILL = 60;

  @TempDir Path data;

  static String nameOf(int i) {
    return "durable-" + (i % 7);
  }

  static String valueOf(int i) {
    return "value-number-" + i;
  }

  @Test
  void everyAcknowledgedVersion_survivesAKill9OfTheWriter() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String masterKey = Base64.getEncoder().encodeToString(key);
    ProcessBuilder builder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                VaultWriterMain.class.getName(),
                data.toString())
            .redirectErrorStream(true);
    builder.environment().put(MasterKeySource.ENVIRONMENT_VARIABLE, masterKey);
    Process child = builder.start();
    List<String[]> acks = new CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                      if (line.startsWith("ACK ")) {
                        acks.add(line.substring(4).split(" "));
                      }
                    }
                  } catch (java.io.IOException ignored) {
                    // the child was killed: the stream ends
                  }
                });
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> acks.size() >= ACKNOWLEDGED_BEFORE_KILL || !child.isAlive());
      assertThat(child.isAlive()).as("the writer is still writing").isTrue();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(Duration.ofSeconds(30));

    try (SecretVault vault =
        SecretVault.open(
            VaultOptions.embedded(data)
                .withMasterKey(MasterKeySource.keyMaterial(SecretValue.of(masterKey)))
                .withSweepInterval(Duration.ZERO))) {
      assertThat(acks.size()).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
      for (String[] ack : acks) {
        int i = Integer.parseInt(ack[0]);
        SecretBundle read = vault.getSecret("default", ack[1], Optional.of(ack[2]));
        assertThat(read.value().reveal()).isEqualTo(valueOf(i));
      }
    }
  }
}
