package io.keygate.app.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.RunningNode;
import io.keygate.app.cli.ExitCodes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures of the secret commands: exit codes and messages scripts can rely on. */
class SecretCliErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path data;
  @TempDir static Path files;
  static RunningNode keygate;

  @BeforeAll
  static void start() {
    keygate = new RunningNode(data);
  }

  @AfterAll
  static void stop() {
    keygate.close();
  }

  @Test
  void updateWithoutChanges_isAUsageError() {
    var update = keygate.cli(null, "secret", "update", "whatever");

    assertThat(update.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(update.err())
        .isEqualTo(
            "keygate: nothing to update: give --enabled, --expires, --not-before, --content-type"
                + " or --tag\n");
  }

  @Test
  void vaultCreateTwice_exitsWithConflict() {
    keygate.cli(null, "vault", "create", "dup");

    var again = keygate.cli(null, "vault", "create", "dup");

    assertThat(again.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(again.err()).isEqualTo("keygate: vault dup already exists (Conflict, HTTP 409)\n");
  }

  @Test
  void unknownSecret_exitsWithNotFoundAndJsonError() throws Exception {
    var get = keygate.cli(null, "secret", "get", "missing-one", "-o", "json");

    assertThat(get.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(get.out()).isEmpty();
    JsonNode error = JSON.readTree(get.err()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("SecretNotFound");
    assertThat(error.path("message").asText()).isEqualTo("secret default/missing-one not found");
    assertThat(error.path("exitCode").asInt()).isEqualTo(3);
  }

  @Test
  void badValueSize_exitsWithUsage() {
    var set = keygate.cli("x".repeat(30000), "secret", "set", "too-big");

    assertThat(set.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(set.err())
        .isEqualTo(
            "keygate: secret value is 30000 bytes; the limit is 25600 bytes (25 KiB)"
                + " (BadParameter, HTTP 400)\n");
  }

  @Test
  void wrongToken_exitsWithForbidden() {
    var get =
        keygate.cliWith(
            Map.of(
                "KEYGATE_ADDR", keygate.address(),
                "KEYGATE_DATA", data.toString(),
                "KEYGATE_TOKEN", "not-the-admin-token-at-all"),
            null,
            "secret",
            "get",
            "plain");

    assertThat(get.exitCode()).isEqualTo(ExitCodes.FORBIDDEN);
    assertThat(get.err()).isEqualTo("keygate: invalid bearer token (Unauthorized, HTTP 401)\n");
  }

  @Test
  void missingTokenFile_exitsWithForbiddenAndSaysWhatToDo() {
    var get =
        keygate.cliWith(
            Map.of("KEYGATE_ADDR", keygate.address()),
            null,
            "secret",
            "get",
            "plain",
            "--data",
            files.resolve("nowhere").toString());

    assertThat(get.exitCode()).isEqualTo(ExitCodes.FORBIDDEN);
    assertThat(get.err()).startsWith("keygate: no admin token: set KEYGATE_TOKEN, pass --token,");
  }

  @Test
  void unpinnedCertificate_isNotTrusted() {
    var get =
        keygate.cliWith(
            Map.of("KEYGATE_ADDR", keygate.address()),
            null,
            "secret",
            "get",
            "plain",
            "--data",
            files.toString(),
            "--token",
            "whatever-token-long-enough");

    assertThat(get.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(get.err()).contains("TLS with " + keygate.address() + " failed");
  }

  @Test
  void nothingListening_exitsWithUnavailable() {
    var get = keygate.cli(null, "secret", "get", "plain", "--addr", "https://127.0.0.1:1");

    assertThat(get.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(get.err()).startsWith("keygate: cannot connect to https://127.0.0.1:1:");
  }

  @Test
  void usageErrors_exitWith2() {
    assertThat(keygate.cli(null, "secret", "frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(keygate.cli(null, "secret", "get").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(keygate.cli(null, "secret", "set", "x", "--value", "a", "--expires", "soon").err())
        .startsWith("keygate: --expires must be an RFC 3339 time");
    assertThat(keygate.cli(null, "secret", "set", "x", "--value", "a", "--file", "f").exitCode())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(keygate.cli(null, "secret", "get", "x", "--addr", "http://127.0.0.1:1").err())
        .isEqualTo(
            "keygate: --addr must be an https:// URL such as https://127.0.0.1:8443; got"
                + " 'http://127.0.0.1:1'\n");
  }
}
