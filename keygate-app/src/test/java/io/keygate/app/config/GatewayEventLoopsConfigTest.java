package io.keygate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.eventLoops} in keygate.yaml: how many event loops the gateway proxies on. */
class GatewayEventLoopsConfigTest {
  @TempDir Path dir;

  private int eventLoops(String yaml) throws Exception {
    return YamlSettings.resolve(dir, yaml).gatewayEventLoops();
  }

  @Test
  void absent_meansOnePerProcessor() throws Exception {
    assertThat(eventLoops("gateway:\n  listen: 127.0.0.1:0\n")).isZero();
  }

  @Test
  void aNumber_isTaken() throws Exception {
    assertThat(eventLoops("gateway:\n  eventLoops: 3\n")).isEqualTo(3);
  }

  @Test
  void zeroNegativeOrHuge_areRefusedNamingTheKey() {
    for (String bad : new String[] {"0", "-2", "100000"}) {
      assertThatThrownBy(() -> eventLoops("gateway:\n  eventLoops: " + bad + "\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "gateway.eventLoops must be between 1 and 1024 (leave it out for one per"
                  + " processor), not "
                  + bad);
    }
  }
}
