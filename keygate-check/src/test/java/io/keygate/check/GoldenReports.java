package io.keygate.check;

import java.io.IOException;

/** The fixture repository's report under the default profile, for tests in other packages. */
public final class GoldenReports {
  private GoldenReports() {}

  public static Report report() throws IOException {
    return GoldenReportTest.report("default");
  }
}
