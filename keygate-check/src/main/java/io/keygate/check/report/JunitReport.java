package io.keygate.check.report;

import io.keygate.check.Finding;
import io.keygate.check.Report;
import java.util.List;

/**
 * JUnit XML, which every CI shows as tests: one test case per rule that ran, failed when the rule
 * has findings (each finding one line of the failure text), with the rule's severity.
 */
final class JunitReport {
  private JunitReport() {}

  static String render(Report report) {
    long failures =
        report.rules().stream().filter(r -> !report.findingsOf(r.id()).isEmpty()).count();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<testsuites name=\"keygate-check\" tests=\"")
        .append(report.rules().size())
        .append("\" failures=\"")
        .append(failures)
        .append("\">\n");
    xml.append("  <testsuite name=\"keygate-check (profile ")
        .append(escape(report.profile()))
        .append(")\" tests=\"")
        .append(report.rules().size())
        .append("\" failures=\"")
        .append(failures)
        .append("\" errors=\"0\" skipped=\"0\" timestamp=\"")
        .append(report.checkedAt())
        .append("\">\n");
    for (Report.RuleResult rule : report.rules()) {
      List<Finding> findings = report.findingsOf(rule.id());
      xml.append("    <testcase classname=\"keygate.check.")
          .append(rule.severity().label())
          .append("\" name=\"")
          .append(escape(rule.id() + " " + rule.name()))
          .append('"');
      if (findings.isEmpty()) {
        xml.append("/>\n");
        continue;
      }
      xml.append(">\n      <failure type=\"")
          .append(rule.severity().label())
          .append("\" message=\"")
          .append(findings.size())
          .append(findings.size() == 1 ? " finding" : " findings")
          .append("\">");
      for (Finding f : findings) {
        xml.append(escape(f.location() + ": " + f.message())).append('\n');
      }
      xml.append("</failure>\n    </testcase>\n");
    }
    xml.append("    <system-out>").append(escape(report.summary())).append("</system-out>\n");
    xml.append("  </testsuite>\n</testsuites>\n");
    return xml.toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
