package io.keygate.check;

import java.util.Locale;

/** How serious a finding is, lowest first; {@code --fail-on} compares with this order. */
public enum Severity {
  NOTE,
  WARNING,
  ERROR;

  /** {@code note}, {@code warning} or {@code error}, as written in profiles and reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code note}, {@code warning} or {@code error} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Severity parse(String text) {
    if (text != null) {
      for (Severity s : values()) {
        if (s.label().equalsIgnoreCase(text.strip())) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a severity; use note, warning or error");
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }
}
