package io.keygate.vault;

import io.keygate.secrets.SecretValue;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link KillDurabilityTest}: opens the embedded vault in {@code args[0]}
 * (master key from {@code KEYGATE_MASTER_KEY}) and writes versions until it is killed, printing
 * {@code ACK <i> <name> <version>} only after each write has returned.
 */
public final class VaultWriterMain {
  private VaultWriterMain() {}

  public static void main(String[] args) {
    VaultOptions options = VaultOptions.embedded(Path.of(args[0])).withSweepInterval(Duration.ZERO);
    SecretVault vault = SecretVault.open(options);
    for (int i = 0; ; i++) {
      String name = KillDurabilityTest.nameOf(i);
      SecretBundle stored =
          vault.setSecret(
              "default", name, SetSecretRequest.of(SecretValue.of(KillDurabilityTest.valueOf(i))));
      System.out.println("ACK " + i + " " + name + " " + stored.properties().version());
      System.out.flush();
    }
  }
}
