package io.keygate.gateway.accesslog;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Builds one JSON object on a single line, field by field, straight into a {@link StringBuilder}:
 * the access log writes one per request, so this avoids a generator, a writer and a second copy of
 * the line. String values are escaped by Jackson's {@link JsonStringEncoder}; field names are
 * constants of the access log and written as they are.
 */
final class JsonLine {
  private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** The formatted second of the last line, shared by the event loops (immutable, so safe). */
  private static volatile Second second = new Second(Long.MIN_VALUE, "");

  private final StringBuilder out = new StringBuilder(448).append('{');

  /** {@code "name":"2026-11-29T08:04:12.501Z"}: ISO-8601 in UTC, with milliseconds. */
  JsonLine time(String name, long epochMillis) {
    long s = Math.floorDiv(epochMillis, 1000);
    Second cached = second;
    if (cached.epochSecond != s) {
      cached = new Second(s, SECONDS.format(Instant.ofEpochSecond(s)));
      second = cached;
    }
    name(name).append('"').append(cached.text).append('.');
    pad3(Math.floorMod(epochMillis, 1000)).append("Z\"");
    return this;
  }

  JsonLine string(String name, CharSequence value) {
    if (value == null) {
      return nul(name);
    }
    name(name).append('"');
    ESCAPE.quoteAsString(value, out);
    out.append('"');
    return this;
  }

  JsonLine number(String name, long value) {
    name(name).append(value);
    return this;
  }

  /** Nanoseconds as milliseconds with three decimals ({@code 1.234}), or null when negative. */
  JsonLine millis(String name, long nanos) {
    if (nanos < 0) {
      return nul(name);
    }
    long micros = (nanos + 500) / 1_000;
    name(name).append(micros / 1_000).append('.');
    pad3(micros % 1_000);
    return this;
  }

  JsonLine nul(String name) {
    name(name).append("null");
    return this;
  }

  /** Opens a nested object; close it with {@link #end()}. */
  JsonLine object(String name) {
    name(name).append('{');
    return this;
  }

  JsonLine end() {
    out.append('}');
    return this;
  }

  /** Closes the object and returns the line; the builder is not used after this. */
  String close() {
    return out.append('}').toString();
  }

  private StringBuilder name(String name) {
    char last = out.charAt(out.length() - 1);
    if (last != '{') {
      out.append(',');
    }
    out.append('"');
    if (plain(name)) {
      out.append(name);
    } else {
      ESCAPE.quoteAsString(name, out);
    }
    return out.append("\":");
  }

  /** Whether a name needs no escaping (the access log's own field names always do not). */
  private static boolean plain(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private StringBuilder pad3(long value) {
    if (value < 100) {
      out.append('0');
    }
    if (value < 10) {
      out.append('0');
    }
    return out.append(value);
  }

  private record Second(long epochSecond, String text) {}
}
