package io.keygate.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void durations_countFromNow() {
    assertThat(TimeArgument.parse("--expires", "30d", NOW))
        .isEqualTo(NOW.plus(Duration.ofDays(30)));
    assertThat(TimeArgument.parse("--expires", "12h", NOW)).isEqualTo(NOW.plusSeconds(12 * 3600));
    assertThat(TimeArgument.parse("--expires", "15m", NOW)).isEqualTo(NOW.plusSeconds(900));
    assertThat(TimeArgument.parse("--expires", "90s", NOW)).isEqualTo(NOW.plusSeconds(90));
    assertThat(TimeArgument.parse("--expires", "2w", NOW)).isEqualTo(NOW.plus(Duration.ofDays(14)));
  }

  @Test
  void rfc3339_isReadWithItsOffset() {
    assertThat(TimeArgument.parse("--expires", "2026-12-31T23:59:59+01:00", NOW))
        .isEqualTo(Instant.parse("2026-12-31T22:59:59Z"));
  }

  @Test
  void anythingElse_isAUsageErrorNamingTheOption() {
    assertThatThrownBy(() -> TimeArgument.parse("--not-before", "tomorrow", NOW))
        .isInstanceOf(CliFailure.class)
        .hasMessage(
            "--not-before must be an RFC 3339 time such as 2026-12-31T23:59:59Z, or a duration"
                + " from now such as 30d, 12h, 15m, 90s or 2w; got 'tomorrow'");
  }
}
