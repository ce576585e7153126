package io.keygate.check.report;

import io.keygate.check.Finding;
import io.keygate.check.Report;
import io.keygate.check.Severity;
import java.util.ArrayList;
import java.util.List;

/** A table for people: severity, rule, location, message; then the summary line. */
final class TextReport {
  private static final String RESET = "\u001b[0m";

  private TextReport() {}

  static String render(Report report, boolean colour) {
    StringBuilder out = new StringBuilder();
    if (!report.findings().isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"SEVERITY", "RULE", "LOCATION", "MESSAGE"});
      for (Finding f : report.findings()) {
        rows.add(
            new String[] {
              f.severity().label(),
              f.ruleId() + " " + f.ruleName(),
              f.location().toString(),
              f.message()
            });
      }
      int[] widths = new int[3];
      for (String[] row : rows) {
        for (int i = 0; i < 3; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (int r = 0; r < rows.size(); r++) {
        String[] row = rows.get(r);
        String severity = pad(row[0], widths[0]);
        if (colour && r > 0) {
          severity = colourOf(report.findings().get(r - 1).severity()) + severity + RESET;
        }
        out.append(severity)
            .append("  ")
            .append(pad(row[1], widths[1]))
            .append("  ")
            .append(pad(row[2], widths[2]))
            .append("  ")
            .append(row[3])
            .append('\n');
      }
      out.append('\n');
    }
    for (String line : report.notChecked()) {
      out.append("not checked (source not covered): ").append(line).append('\n');
    }
    out.append(report.summary()).append('\n');
    return out.toString();
  }

  private static String colourOf(Severity severity) {
    return switch (severity) {
      case ERROR -> "\u001b[31m";
      case WARNING -> "\u001b[33m";
      case NOTE -> "\u001b[36m";
    };
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
