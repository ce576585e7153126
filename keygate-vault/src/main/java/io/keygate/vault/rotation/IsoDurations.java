package io.keygate.vault.rotation;

import io.keygate.vault.VaultException.BadParameter;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO-8601 durations as Azure Key Vault's rotation policies write them: {@code P90D}, {@code P1Y},
 * {@code P2M}, {@code PT12H}, {@code P1DT6H}. A year counts as 365 days and a month as 30 days (the
 * scheduler works on elapsed time, not on calendar dates).
 */
public final class IsoDurations {
  private static final Pattern SHAPE =
      Pattern.compile("P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(T.+)?");

  private IsoDurations() {}

  /** Parses {@code text}; 400 naming {@code field} when it is not a positive ISO-8601 duration. */
  public static Duration parse(String field, String text) {
    Matcher matcher = text == null ? null : SHAPE.matcher(text);
    if (matcher == null || !matcher.matches() || text.equals("P") || text.endsWith("T")) {
      throw invalid(field, text);
    }
    try {
      long days = 0;
      days += 365L * number(matcher.group(1));
      days += 30L * number(matcher.group(2));
      days += 7L * number(matcher.group(3));
      days += number(matcher.group(4));
      Duration duration = Duration.ofDays(days);
      if (matcher.group(5) != null) {
        duration = duration.plus(Duration.parse("P" + matcher.group(5)));
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new BadParameter(field + " must be a positive duration, was \"" + text + "\"");
      }
      return duration;
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw invalid(field, text);
    }
  }

  /** Like {@link #parse} but {@code PT0S} (zero) is allowed. */
  public static Duration parseAllowingZero(String field, String text) {
    if (text != null && (text.equals("PT0S") || text.equals("P0D"))) {
      return Duration.ZERO;
    }
    return parse(field, text);
  }

  /** The canonical text of a duration: whole days as {@code P<n>D}, otherwise Java's form. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "PT0S";
    }
    if (duration.toSecondsPart() == 0
        && duration.toMinutesPart() == 0
        && duration.toHoursPart() == 0
        && duration.getNano() == 0) {
      return Period.ofDays((int) duration.toDays()).toString();
    }
    return duration.toString();
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }

  private static BadParameter invalid(String field, String text) {
    return new BadParameter(
        field + " \"" + text + "\" is not an ISO-8601 duration (for example P90D, P1Y, PT12H)");
  }
}
