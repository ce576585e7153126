package io.keygate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.app.cli.CliEnvironment;
import io.keygate.sources.remote.NodeCredential;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sources:} section, from YAML text to source options. */
class SourceSettingsTest {
  @TempDir Path dir;

  private SourceSettings resolve(String yaml, Map<String, String> variables) throws Exception {
    Path file = dir.resolve("keygate.yaml");
    Files.writeString(file, yaml);
    return SourceSettings.resolve(
        ConfigLoader.load(file).sources(),
        CliEnvironment.of(variables, InputStream.nullInputStream()));
  }

  @Test
  void noSection_servesOnlyTheEmbeddedVault() throws Exception {
    assertThat(resolve("data: /x\n", Map.of())).isEqualTo(SourceSettings.NONE);
  }

  @Test
  void everySource_isReadFromYaml_withSecretsFromTheEnvironment() throws Exception {
    Path ca = dir.resolve("a.pem");
    Files.writeString(ca, "not parsed until the source starts");
    SourceSettings settings =
        resolve(
            "sources:\n"
                + "  keygate:\n"
                + "    url: https://vault-a.internal:8443\n"
                + "    caCertificate: "
                + ca
                + "\n"
                + "    clientId: gw-b\n"
                + "    clientSecretEnv: REMOTE_SECRET\n"
                + "    timeout: 7s\n"
                + "  hashicorp: { address: 'https://vault:8200', tokenEnv: VAULT_TOKEN }\n"
                + "  azure: { vaults: { payments: 'https://p.vault.azure.net/' } }\n"
                + "  env: { enabled: true }\n"
                + "  file: { enabled: true, pollInterval: 3s }\n",
            Map.of("REMOTE_SECRET", "s3cret", "VAULT_TOKEN", "hvs.x"));

    var remote = settings.keygate().orElseThrow();
    assertThat(remote.url()).hasToString("https://vault-a.internal:8443");
    assertThat(remote.caCertificate()).contains(ca);
    assertThat(remote.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(remote.credential())
        .isInstanceOfSatisfying(
            NodeCredential.ClientSecret.class,
            app -> {
              assertThat(app.tenant()).isEqualTo("keygate");
              assertThat(app.clientId()).isEqualTo("gw-b");
              assertThat(app.clientSecret().reveal()).isEqualTo("s3cret");
            });
    assertThat(settings.hashicorp().orElseThrow().address()).hasToString("https://vault:8200");
    assertThat(settings.azure().orElseThrow().vaultUrl("payments"))
        .hasToString("https://p.vault.azure.net/");
    assertThat(settings.env()).isPresent();
    assertThat(settings.file()).contains(Duration.ofSeconds(3));
  }

  @Test
  void badSections_failNamingTheKey() {
    assertThatThrownBy(
            () ->
                resolve(
                    "sources:\n  keygate: { url: 'https://a:1', clientId: gw, clientSecretEnv: S }\n",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sources.keygate.clientSecretEnv names S, which is not set in the environment");
    assertThatThrownBy(
            () ->
                resolve(
                    "sources:\n  keygate: { url: 'https://a:1', tokenEnv: T, clientId: gw }\n",
                    Map.of("T", "t")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "sources.keygate needs exactly one of 'tokenEnv', 'tokenFile' and 'clientId' (with"
                + " 'clientSecretEnv'): how this node authenticates to the remote vault");
    assertThatThrownBy(
            () ->
                resolve(
                    "sources:\n  keygate: { url: 'http://a:1', tokenEnv: T }\n", Map.of("T", "t")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "sources.keygate: the remote vault's url must be https://host:port; got http://a:1");
    assertThatThrownBy(
            () ->
                resolve(
                    "sources:\n  azure:\n    credential: { type: client-secret, clientId: c }\n",
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sources.azure.credential.tenantId is required");
    assertThatThrownBy(
            () -> resolve("sources:\n  file: { enabled: true, pollInterval: soon }\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sources.file.pollInterval");
  }

  @Test
  void unknownKey_isNamedWithWhatIsKnown() throws Exception {
    Path file = dir.resolve("keygate.yaml");
    Files.writeString(file, "sources:\n  vault: { url: x }\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + " line 2: unknown key 'sources.vault'; known keys here: [azure, env, file,"
                + " hashicorp, keygate]");
  }
}
