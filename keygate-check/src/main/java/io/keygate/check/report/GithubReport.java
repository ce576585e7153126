package io.keygate.check.report;

import io.keygate.check.Finding;
import io.keygate.check.Report;

/**
 * GitHub Actions workflow commands: {@code ::error file=F,line=L,title=T::message}, one per
 * finding, which the run page shows as annotations on the files; then the summary line.
 */
final class GithubReport {
  private GithubReport() {}

  static String render(Report report) {
    StringBuilder out = new StringBuilder();
    for (Finding f : report.findings()) {
      out.append("::").append(command(f)).append(' ');
      if (f.location().hasFile()) {
        out.append("file=").append(property(f.location().file()));
        if (f.location().line() > 0) {
          out.append(",line=").append(f.location().line());
        }
        out.append(',');
      }
      out.append("title=")
          .append(property(f.ruleId() + " " + f.ruleName()))
          .append("::")
          .append(data(f.message()))
          .append('\n');
    }
    out.append(report.summary()).append('\n');
    return out.toString();
  }

  private static String command(Finding f) {
    return switch (f.severity()) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case NOTE -> "notice";
    };
  }

  /** Escaping as the runner expects for a command's data. */
  private static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escaping for a command's property values. */
  private static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
