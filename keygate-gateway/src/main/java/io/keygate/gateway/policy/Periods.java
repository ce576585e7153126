package io.keygate.gateway.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads the short durations used in policies and on the command line: {@code 500ms}, {@code 1s},
 * {@code 10m}, {@code 1h}, {@code 30d}, or ISO-8601 ({@code PT1S}). Always positive.
 */
public final class Periods {
  private Periods() {}

  /**
   * @throws IllegalArgumentException naming the text when it is not a positive duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a duration is required, such as 1s, 10m, 1h or 30d");
    }
    String t = text.strip();
    Duration parsed = t.startsWith("P") || t.startsWith("p") ? iso(t) : shortForm(t);
    if (parsed.isZero() || parsed.isNegative()) {
      throw new IllegalArgumentException("duration '" + t + "' must be positive");
    }
    return parsed;
  }

  private static Duration iso(String t) {
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw invalid(t);
    }
  }

  private static Duration shortForm(String t) {
    int unitStart = 0;
    while (unitStart < t.length() && Character.isDigit(t.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart > 12) {
      throw invalid(t);
    }
    long amount = Long.parseLong(t.substring(0, unitStart));
    return switch (t.substring(unitStart)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw invalid(t);
    };
  }

  private static IllegalArgumentException invalid(String t) {
    return new IllegalArgumentException(
        "duration '" + t + "' is not valid: use a number and a unit (ms, s, m, h, d), such as 30d");
  }
}
