package io.keygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.check.report.ReportFormat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every format of the report on the fixture repository, compared with a golden file. Run with
 * {@code -Dgolden.update=true} to rewrite the golden files after a deliberate change, then review
 * the diff.
 */
class GoldenReportTest {
  static Path fixture() {
    try {
      return Path.of(GoldenReportTest.class.getResource("/fixture").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Report report(String profile) throws IOException {
    Path root = fixture();
    CheckInputs inputs =
        CheckInputs.read(
            root,
            root.resolve("apis"),
            root.resolve("policies"),
            Optional.of(root.resolve("keygate.yaml")),
            List.of());
    Profile p = Profiles.builtIn(profile, Check.ruleIds());
    return Check.run(
        new CheckContext(
            inputs, p, FixtureSource.NOW, FixtureSource.everyState(), Optional.empty()));
  }

  @ParameterizedTest
  @EnumSource(ReportFormat.class)
  void fixtureRepository_rendersAsItsGoldenFile(ReportFormat format) throws IOException {
    String actual = format.render(report("default"), false);

    Path golden = Path.of("src/test/resources/golden/report." + format.extension());
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    // The fixture's planted credentials (a JWK private exponent, a database password) never show.
    assertThat(actual)
        .doesNotContain("Sup3rS3cretPassw0rd")
        .doesNotContain("X4cTteJY")
        .doesNotContain("gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH");
  }
}
