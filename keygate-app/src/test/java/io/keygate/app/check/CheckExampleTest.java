package io.keygate.app.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SecretVault;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.rotation.RotationPolicyJson;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/examples/check passes its own tightened profile against a vault where all is well. */
class CheckExampleTest {
  static final Path EXAMPLE = Path.of("..", "docs", "examples", "check");
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path data;

  private int check(StringWriter out, StringWriter err) {
    return Main.execute(
        CliEnvironment.of(Map.of(), InputStream.nullInputStream()),
        new PrintWriter(out),
        new PrintWriter(err),
        "check",
        "--apis",
        EXAMPLE.resolve("apis").toString(),
        "--policies",
        EXAMPLE.resolve("policies").toString(),
        "--data",
        data.toString(),
        "--profile",
        EXAMPLE.resolve("acme-profile.yaml").toString(),
        "--base",
        EXAMPLE.toString(),
        "--at",
        NOW.toString());
  }

  @Test
  void theExample_passesItsProfile_andFailsItOnceTheTokenNearsExpiry() throws Exception {
    VaultOptions options =
        VaultOptions.embedded(data)
            .withSweepInterval(Duration.ZERO)
            .withClock(Clock.fixed(NOW.minus(Duration.ofDays(5)), ZoneOffset.UTC));
    try (SecretVault vault = SecretVault.open(options);
        Rotation rotation = Rotation.open(vault, options)) {
      vault.createVault("payments");
      vault.setSecret(
          "payments",
          "upstream-token",
          SetSecretRequest.of(SecretValue.of("example-token-value"))
              .withExpires(NOW.plus(Duration.ofDays(55))));
      rotation
          .policies()
          .set(
              "payments",
              "upstream-token",
              RotationPolicyJson.parse(
                  """
                  {"lifetimeActions": [{"trigger": {"timeAfterCreate": "P60D"},
                                        "action": {"type": "Rotate"}}],
                   "attributes": {"expiryTime": "P75D"},
                   "generator": {"type": "random", "length": 32}}
                  """));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    assertThat(check(out, err)).as(out + "" + err).isZero();
    assertThat(out.toString())
        .isEqualTo("0 errors, 0 warnings, 0 notes (19 rules, profile acme-prod)\n");

    try (SecretVault vault =
        SecretVault.open(
            options.withClock(Clock.fixed(NOW.minus(Duration.ofDays(1)), ZoneOffset.UTC)))) {
      vault.setSecret(
          "payments",
          "upstream-token",
          SetSecretRequest.of(SecretValue.of("example-token-value"))
              .withExpires(NOW.plus(Duration.ofDays(40))));
    }
    StringWriter failed = new StringWriter();
    assertThat(check(failed, new StringWriter())).isEqualTo(1);
    assertThat(failed.toString())
        .contains("KG005 expiring-within-window  apis/payments.yaml:11")
        .contains("in 40 days (window 45 days)");
  }
}
