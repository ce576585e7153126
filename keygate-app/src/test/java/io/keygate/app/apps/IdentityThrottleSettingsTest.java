package io.keygate.app.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.app.config.ConfigException;
import io.keygate.app.config.ConfigLoader;
import io.keygate.vault.server.identity.LoginThrottle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code identity.throttle} in keygate.yaml: defaults, each key, bad values naming the key. */
class IdentityThrottleSettingsTest {
  @TempDir Path dir;

  private LoginThrottle.Settings throttle(String yaml) throws Exception {
    Path file = dir.resolve("keygate.yaml");
    Files.writeString(file, yaml);
    var config = ConfigLoader.load(file);
    return IdentitySettings.resolve(config.identity(), config.azure(), "127.0.0.1", 8443)
        .throttle();
  }

  @Test
  void withoutTheSection_theDefaultsApply() throws Exception {
    assertThat(IdentitySettings.defaults("127.0.0.1", 8443).throttle())
        .isEqualTo(new LoginThrottle.Settings(10, 30, Duration.ofMinutes(1), 100_000));
    assertThat(throttle("identity:\n  tenant: contoso\n"))
        .isEqualTo(LoginThrottle.Settings.DEFAULTS);
  }

  @Test
  void eachKey_isRead_andAbsentOnesKeepTheirDefault() throws Exception {
    assertThat(
            throttle(
                "identity:\n  throttle:\n    failuresPerClient: 5\n    failuresPerAddress: 50\n"
                    + "    window: 5m\n    maximumTracked: 2000\n"))
        .isEqualTo(new LoginThrottle.Settings(5, 50, Duration.ofMinutes(5), 2000));
    assertThat(throttle("identity:\n  throttle:\n    window: 30s\n"))
        .isEqualTo(new LoginThrottle.Settings(10, 30, Duration.ofSeconds(30), 100_000));
  }

  @Test
  void badValues_areRefusedNamingTheKey() {
    assertThatThrownBy(() -> throttle("identity:\n  throttle:\n    failuresPerClient: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("identity.throttle: failures per client and per address must be >= 1");
    assertThatThrownBy(() -> throttle("identity:\n  throttle:\n    window: 2d\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("identity.throttle: the window must be between 1s and 1d");
    assertThatThrownBy(() -> throttle("identity:\n  throttle:\n    window: soon\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("identity.throttle: identity.throttle.window");
    assertThatThrownBy(() -> throttle("identity:\n  throttle:\n    failures: 3\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'identity.throttle.failures'");
  }
}
