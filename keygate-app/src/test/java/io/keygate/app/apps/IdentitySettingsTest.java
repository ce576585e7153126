package io.keygate.app.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.app.config.ConfigException;
import io.keygate.app.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentitySettingsTest {
  @TempDir Path dir;

  private IdentitySettings resolve(String yaml) throws Exception {
    Path file = dir.resolve("keygate.yaml");
    Files.writeString(file, yaml);
    var config = ConfigLoader.load(file);
    return IdentitySettings.resolve(config.identity(), config.azure(), "127.0.0.1", 8443);
  }

  @Test
  void noSections_giveTheDefaults() {
    IdentitySettings settings = IdentitySettings.defaults("127.0.0.1", 8443);
    assertThat(settings.tenant()).isEqualTo("keygate");
    assertThat(settings.issuer()).isEqualTo("https://127.0.0.1:8443/keygate/v2.0");
    assertThat(settings.tokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.trust()).isEmpty();
    assertThat(settings.azure())
        .hasValueSatisfying(a -> assertThat(a.resource()).isEqualTo("https://localhost"));
  }

  @Test
  void sections_areRead() throws Exception {
    IdentitySettings settings =
        resolve(
            "identity:\n  tenant: contoso\n  tokenLifetime: 15m\n"
                + "  issuer: https://keygate.example.com/contoso/v2.0\n"
                + "azure:\n  domain: Vault.Example.com\n");
    assertThat(settings.tenant()).isEqualTo("contoso");
    assertThat(settings.issuer()).isEqualTo("https://keygate.example.com/contoso/v2.0");
    assertThat(settings.tokenLifetime()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settings.azure())
        .hasValueSatisfying(a -> assertThat(a.domain()).isEqualTo("vault.example.com"));
    assertThat(resolve("azure:\n  enabled: false\n").azure()).isEmpty();
  }

  @Test
  void badValues_areRefusedNamingTheKey() {
    assertThatThrownBy(() -> resolve("identity:\n  tenant: 'a b'\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("identity.tenant: 'a b' must be 1 to 64 letters, digits, '-' or '.'");
    assertThatThrownBy(() -> resolve("identity:\n  tokenLifetime: 2d\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("identity.tokenLifetime: must be between 1s and 1d");
    assertThatThrownBy(() -> resolve("azure:\n  domain: 'not a domain'\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("azure.domain: azure domain 'not a domain' is not a DNS name");
    assertThatThrownBy(() -> resolve("identity:\n  trust:\n    - audience: x\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("identity.trust: jwt[0].issuer: required");
    assertThatThrownBy(() -> resolve("identity:\n  tennant: x\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'identity.tennant'");
  }
}
