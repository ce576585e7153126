package io.keygate.check.report;

import io.keygate.check.Report;
import java.util.Locale;

/** The output formats of {@code keygate check --format}. */
public enum ReportFormat {
  TEXT,
  JSON,
  SARIF,
  JUNIT,
  GITHUB;

  /**
   * Renders {@code report}.
   *
   * @param colour ANSI colours in the text table (only when writing to a terminal)
   */
  public String render(Report report, boolean colour) {
    return switch (this) {
      case TEXT -> TextReport.render(report, colour);
      case JSON -> JsonReport.render(report);
      case SARIF -> SarifReport.render(report);
      case JUNIT -> JunitReport.render(report);
      case GITHUB -> GithubReport.render(report);
    };
  }

  /** The usual file extension, for evidence bundles. */
  public String extension() {
    return switch (this) {
      case TEXT -> "txt";
      case JSON -> "json";
      case SARIF -> "sarif";
      case JUNIT -> "junit.xml";
      case GITHUB -> "github.txt";
    };
  }

  public static ReportFormat parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a format; use text, json, sarif, junit or github");
    }
  }
}
