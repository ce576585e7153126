package io.keygate.app.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.RunningNode;
import io.keygate.app.cli.ExitCodes;
import io.keygate.app.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotateMasterKeyCliTest {
  @TempDir Path data;

  @Test
  void inPlaceRotation_replacesTheKeyFileAndKeepsSecretsReadable() throws Exception {
    try (RunningNode keygate = new RunningNode(data)) {
      keygate.cli(null, "secret", "set", "kept", "--value", "still readable");
      String before = Files.readString(data.resolve("master-key.json"));

      var rotate = keygate.cli(null, "vault", "rotate-master-key");

      assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
      assertThat(rotate.out())
          .isEqualTo(
              "master key rotated (key file "
                  + data.resolve("master-key.json")
                  + "): 1 data keys rewrapped\n");
      assertThat(Files.readString(data.resolve("master-key.json"))).isNotEqualTo(before);
      assertThat(keygate.cli(null, "secret", "get", "kept").out()).isEqualTo("still readable");
    }
    try (RunningNode restarted = new RunningNode(data)) {
      assertThat(restarted.cli(null, "secret", "get", "kept").out()).isEqualTo("still readable");
    }
  }

  @Test
  void rotationToAPassphrase_opensWithThatPassphraseAfterRestart() throws Exception {
    Map<String, String> env = Map.of("NEW_PASSPHRASE", "correct horse battery staple");
    try (RunningNode keygate = new RunningNode(data)) {
      keygate.cli(null, "secret", "set", "kept", "--value", "after rotation");

      var rotate =
          keygate.cliWith(
              Map.of(
                  "KEYGATE_ADDR", keygate.address(),
                  "KEYGATE_DATA", data.toString(),
                  "NEW_PASSPHRASE", "correct horse battery staple"),
              null,
              "vault",
              "rotate-master-key",
              "--new-passphrase-env",
              "NEW_PASSPHRASE",
              "-o",
              "json");

      assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
      assertThat(rotate.out()).contains("\"masterKey\" : \"passphrase\"");
    }
    Path config = data.resolve("keygate.yaml");
    Files.writeString(config, "masterKey:\n  passphraseEnv: NEW_PASSPHRASE\n");

    try (RunningNode restarted = new RunningNode(data, ConfigLoader.load(config), env)) {
      assertThat(restarted.cli(null, "secret", "get", "kept").out()).isEqualTo("after rotation");
    }
  }

  @Test
  void missingVariable_isAUsageError() throws Exception {
    try (RunningNode keygate = new RunningNode(data)) {
      var rotate =
          keygate.cli(null, "vault", "rotate-master-key", "--new-key-env", "NOT_SET_ANYWHERE");

      assertThat(rotate.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(rotate.err())
          .isEqualTo("keygate: environment variable NOT_SET_ANYWHERE is not set\n");
    }
  }
}
