package io.keygate.app.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.RunningNode;
import io.keygate.app.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygate secret rotation-policy set|show} and {@code keygate secret rotate} on serve. */
class RotationCliTest {
  private static final String POLICY =
      "{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P30D\"},\"action\":{\"type\":\"Rotate\"}}],"
          + "\"attributes\":{\"expiryTime\":\"P90D\"},\"overlap\":\"P1D\","
          + "\"generator\":{\"type\":\"apikey\",\"prefix\":\"kg_test_\"}}";
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
  void policySetShowAndRotate_workEndToEnd_andNeverPrintAValue() throws Exception {
    keygate.cli(null, "secret", "set", "partner-key", "--value", "kg-canary-cli-rotation");
    Path file = files.resolve("policy.json");
    Files.writeString(file, POLICY);

    var set =
        keygate.cli(
            null, "secret", "rotation-policy", "set", "partner-key", "--file", file.toString());
    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(set.out())
        .isEqualTo(
            "rotation policy of default/partner-key set: Rotate at timeAfterCreate P30D;"
                + " expiryTime P90D; overlap P1D; generator apikey\n");

    var show = keygate.cli(null, "secret", "rotation-policy", "show", "partner-key", "-o", "json");
    assertThat(show.exitCode()).isZero();
    assertThat(show.out()).contains("\"prefix\" : \"kg_test_\"").contains("\"overlap\" : \"P1D\"");

    var rotate = keygate.cli(null, "secret", "rotate", "partner-key");
    assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
    assertThat(rotate.out())
        .matches(
            "rotated default/partner-key: version [0-9a-f]{32} is current; [0-9a-f]{32} stays enabled until .*\\n");
    var value = keygate.cli(null, "secret", "get", "partner-key");
    assertThat(value.out()).startsWith("kg_test_");
    assertThat(keygate.adminGet("/metrics"))
        .contains("keygate_rotations_total 1.0")
        .contains("keygate_rotation_failures_total 0.0");

    for (String output : keygate.transcript) {
      if (!output.equals(value.out())) {
        assertThat(output).doesNotContain(value.out()).doesNotContain("kg-canary-cli-rotation");
      }
    }
  }

  @Test
  void badPolicies_andMissingPolicies_exitWithTheApisMessage() {
    keygate.cli(null, "secret", "set", "other", "--value", "x");
    var bad =
        keygate.cli(
            null,
            "secret",
            "rotation-policy",
            "set",
            "other",
            "--policy",
            POLICY.replace("P30D", "P1 month"));
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err())
        .contains(
            "lifetimeActions[0].trigger.timeAfterCreate \"P1 month\" is not an ISO-8601 duration");
    var none = keygate.cli(null, "secret", "rotation-policy", "show", "other");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(none.err()).contains("secret default/other has no rotation policy");
    var rotate = keygate.cli(null, "secret", "rotate", "other");
    assertThat(rotate.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(rotate.err())
        .contains("secret default/other has no rotation policy with a generator");
  }
}
