package io.keygate.gateway.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations written in definitions: a positive whole number and a unit, {@code ms},
 * {@code s}, {@code m}, {@code h} or {@code d} ({@code 250ms}, {@code 5s}, {@code 30d}).
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException with a message naming the expected form
   */
  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write a number and a unit: 250ms, 5s, 1m, 1h, 30d");
    }
    long n = Long.parseLong(m.group(1));
    if (n == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a positive duration");
    }
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
