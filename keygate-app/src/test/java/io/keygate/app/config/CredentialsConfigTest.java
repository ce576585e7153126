package io.keygate.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.gateway.credentials.CredentialSettings;
import io.keygate.gateway.credentials.ResolverSettings;
import io.keygate.gateway.credentials.RetrySettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.credentials} in keygate.yaml: the gateway's credential cache and retry. */
class CredentialsConfigTest {
  @TempDir Path dir;

  private CredentialSettings settings(String yaml) throws Exception {
    return YamlSettings.resolve(dir, yaml).credentials();
  }

  @Test
  void everyKey_isReadIntoTheGatewaysSettings() throws Exception {
    CredentialSettings s =
        settings(
            """
            gateway:
              credentials:
                maxAge: 1m
                refreshAt: 0.5
                negativeTtl: 2s
                staleIfError: 0
                maximumSize: 500
                retry:
                  bodyLimit: 1024
                  waitForRotation: 500ms
            """);

    assertThat(s.resolver())
        .isEqualTo(
            new ResolverSettings(
                Duration.ofMinutes(1), 0.5, Duration.ofSeconds(2), Duration.ZERO, 500));
    assertThat(s.retry()).isEqualTo(new RetrySettings(1024, Duration.ofMillis(500)));
  }

  @Test
  void absentSection_isTheDefaults() throws Exception {
    assertThat(settings("gateway:\n  listen: 127.0.0.1:0\n"))
        .isEqualTo(CredentialSettings.DEFAULTS);
    assertThat(settings("gateway:\n  credentials:\n    maxAge: 10m\n").retry())
        .isEqualTo(RetrySettings.DEFAULTS);
  }

  @Test
  void invalidValues_areRefusedNamingTheKey() {
    assertThatThrownBy(() -> settings("gateway:\n  credentials:\n    maxAge: soon\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "gateway.credentials.maxAge: 'soon' is not a duration; write a number and a unit:"
                + " 250ms, 5s, 1m, 1h, 30d");
    assertThatThrownBy(() -> settings("gateway:\n  credentials:\n    refreshAt: 1.5\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gateway.credentials.refreshAt must be above 0 and at most 1: got 1.5");
    assertThatThrownBy(
            () -> settings("gateway:\n  credentials:\n    retry:\n      bodyLimit: -1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gateway.credentials.retry.bodyLimit must be 0 or more bytes: got -1");
    assertThatThrownBy(() -> settings("gateway:\n  credentials:\n    retries: 3\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'gateway.credentials.retries'");
  }
}
