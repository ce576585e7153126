package io.keygate.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time given on the command line: an RFC 3339 timestamp ({@code 2026-12-31T23:59:59Z},
 * {@code 2026-12-31T23:59:59+01:00}) or a duration from now ({@code 30d}, {@code 12h}, {@code 15m},
 * {@code 90s}, {@code 2w}).
 */
public final class TimeArgument {
  private static final Pattern DURATION = Pattern.compile("\\+?(\\d{1,9})([smhdw])");

  private TimeArgument() {}

  /**
   * A duration such as {@code 30d}, {@code 12h}, {@code 15m}, {@code 90s} or {@code 2w}; {@code 0}
   * is zero.
   *
   * @throws IllegalArgumentException naming {@code what} when it is not one
   */
  public static Duration duration(String what, String text) {
    String trimmed = text.strip();
    if (trimmed.equals("0")) {
      return Duration.ZERO;
    }
    Matcher duration = DURATION.matcher(trimmed);
    if (!duration.matches()) {
      throw new IllegalArgumentException(
          what + " must be a duration such as 30d, 12h, 15m, 90s or 2w; got '" + trimmed + "'");
    }
    return length(Long.parseLong(duration.group(1)), duration.group(2));
  }

  private static Duration length(long amount, String unit) {
    return switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
  }

  /**
   * Parses {@code text} relative to {@code now}.
   *
   * @throws CliFailure (usage) naming {@code option} when it is neither form
   */
  public static Instant parse(String option, String text, Instant now) {
    String trimmed = text.strip();
    Matcher duration = DURATION.matcher(trimmed);
    if (duration.matches()) {
      return now.plus(length(Long.parseLong(duration.group(1)), duration.group(2)));
    }
    try {
      return OffsetDateTime.parse(trimmed).toInstant();
    } catch (DateTimeParseException e) {
      throw CliFailure.usage(
          option
              + " must be an RFC 3339 time such as 2026-12-31T23:59:59Z, or a duration from now"
              + " such as 30d, 12h, 15m, 90s or 2w; got '"
              + trimmed
              + "'");
    }
  }
}
