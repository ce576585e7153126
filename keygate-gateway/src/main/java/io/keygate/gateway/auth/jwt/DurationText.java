package io.keygate.gateway.auth.jwt;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses the durations of the configuration: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}.
 */
final class DurationText {
  private DurationText() {}

  static Duration parse(String text, String field, Duration fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("pt") || t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException(field + ": unknown unit in '" + text + "'");
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(field + ": not a duration: '" + text + "'");
    }
  }
}
