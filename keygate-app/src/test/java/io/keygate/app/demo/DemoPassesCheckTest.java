package io.keygate.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's own configuration (the definitions and key {@code keygate demo} writes) passes {@code
 * keygate check}: no error-level finding, so a pipeline built on the demo starts green.
 */
class DemoPassesCheckTest {
  @TempDir Path data;

  @Test
  void demoConfiguration_hasNoErrorLevelFinding() throws Exception {
    VaultOptions vaultOptions = VaultOptions.embedded(data).withSweepInterval(Duration.ZERO);
    try (SecretVault vault = SecretVault.open(vaultOptions)) {
      assertThat(vault.listVaults()).isNotEmpty();
    }
    DemoSetup.writeDefinitions(
        data.resolve("apis"), data.resolve("policies"), "http://127.0.0.1:9");
    DemoSetup.createKey(data, vaultOptions);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Main.execute(
            CliEnvironment.of(Map.of(), InputStream.nullInputStream()),
            new PrintWriter(out),
            new PrintWriter(err),
            "check",
            "--data",
            data.toString(),
            "--base",
            data.toString());

    assertThat(code).as(out + "" + err).isZero();
    assertThat(out.toString())
        .containsPattern("(?m)^0 errors, \\d+ warnings?, 0 notes \\(19 rules, profile default\\)$");
  }
}
