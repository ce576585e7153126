package io.keygate.app.check;

import io.keygate.check.Report;
import io.keygate.check.report.ReportFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code --evidence DIR}: a dated folder for auditors with the report in every format and a README
 * saying what was checked. Rotation history and audit-chain verification are not included yet (see
 * docs/CHECK.md).
 */
final class EvidenceBundle {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private EvidenceBundle() {}

  /** Writes the bundle and returns its folder. */
  static Path write(Path parent, Report report, String target) throws IOException {
    Path folder = parent.resolve("keygate-check-" + STAMP.format(report.checkedAt()));
    Files.createDirectories(folder);
    for (ReportFormat format : ReportFormat.values()) {
      Files.writeString(
          folder.resolve("report." + format.extension()),
          format.render(report, false),
          StandardCharsets.UTF_8);
    }
    String readme =
        "Keygate pre-deploy check evidence\n\n"
            + "checked at: "
            + report.checkedAt()
            + "\nprofile:    "
            + report.profile()
            + "\ntarget:     "
            + target
            + "\nresult:     "
            + report.summary()
            + "\n\nreport.json, report.sarif, report.junit.xml, report.txt and report.github.txt"
            + " hold the same findings; each finding names its rule and the controls the profile"
            + " maps it to. No secret value is in any file: the check reads metadata only.\n";
    Files.writeString(folder.resolve("README.txt"), readme, StandardCharsets.UTF_8);
    return folder;
  }
}
