package io.keygate.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {
  @TempDir Path dir;

  @Test
  void builtInProfiles_setEveryRule_andHygieneIsStricterUnderAudits() {
    for (String name : Profiles.BUILT_IN) {
      Profile p = Profiles.builtIn(name, Check.ruleIds());
      assertThat(p.rules().keySet()).containsExactlyInAnyOrderElementsOf(Check.ruleIds());
      assertThat(p.thresholds().maxRotationPeriod()).isEqualTo(Duration.ofDays(90));
      assertThat(p.severity("KG003")).contains(Severity.ERROR);
      assertThat(p.severity("KG020")).contains(Severity.ERROR);
    }
    assertThat(Profiles.builtIn("default", Check.ruleIds()).severity("KG011"))
        .contains(Severity.WARNING);
    assertThat(Profiles.builtIn("soc2", Check.ruleIds()).severity("KG011"))
        .contains(Severity.ERROR);
    assertThat(Profiles.builtIn("iso27001", Check.ruleIds()).controls("KG020"))
        .containsExactly("ISO27001 A.5.17", "ISO27001 A.8.24");
    assertThat(Profiles.builtIn("soc2", Check.ruleIds()).production()).isTrue();
    assertThat(Profiles.builtIn("default", Check.ruleIds()).production()).isFalse();
  }

  @Test
  void aCopiedFile_extendsABuiltIn_andTightensIt() throws Exception {
    Path file = dir.resolve("acme.yaml");
    Files.writeString(
        file,
        """
        name: acme-prod
        extends: soc2
        thresholds: { window: 45d, maxRotationPeriod: 30d }
        rules:
          KG032: { severity: error }
          KG051: { severity: off }
        """);

    Profile p = Profiles.load(file.toString(), Check.ruleIds());

    assertThat(p.name()).isEqualTo("acme-prod");
    assertThat(p.thresholds().window()).isEqualTo(Duration.ofDays(45));
    assertThat(p.thresholds().maxRotationPeriod()).isEqualTo(Duration.ofDays(30));
    assertThat(p.thresholds().maxKeyAge()).isEqualTo(Duration.ofDays(365));
    assertThat(p.severity("KG032")).contains(Severity.ERROR);
    assertThat(p.controls("KG032")).containsExactly("SOC2 CC6.2", "SOC2 CC6.3");
    assertThat(p.severity("KG051")).isEmpty();
    assertThat(p.production()).isTrue();
  }

  @Test
  void aProfileFile_withAnUnknownRuleOrBadDuration_isRefusedNamingTheKey() throws Exception {
    Path rule = dir.resolve("rule.yaml");
    Files.writeString(rule, "name: x\nextends: default\nrules:\n  KG999: { severity: error }\n");
    Path duration = dir.resolve("duration.yaml");
    Files.writeString(duration, "name: x\nextends: default\nthresholds: { window: soon }\n");

    assertThatThrownBy(() -> Profiles.load(rule.toString(), Check.ruleIds()))
        .hasMessage(rule + ": rules.KG999: no such rule (see docs/CHECK.md)");
    assertThatThrownBy(() -> Profiles.load(duration.toString(), Check.ruleIds()))
        .hasMessage(
            duration
                + ": thresholds.window: 'soon' is not a duration; write a number and a unit: 250ms,"
                + " 5s, 1m, 1h, 30d");
    assertThatThrownBy(() -> Profiles.load("pci", Check.ruleIds()))
        .hasMessage(
            "--profile: 'pci' is neither a built-in profile (default, soc2, iso27001) nor a"
                + " readable file");
  }

  @Test
  void within_overridesTheWindow_andFailOnCountsLowerSeverities() throws Exception {
    Report wide = run(Profiles.builtIn("default", Check.ruleIds()).withWindow(Duration.ofDays(4)));

    assertThat(wide.findingsOf("KG005")).isEmpty();
    assertThat(wide.exitCode(Severity.ERROR)).isEqualTo(1);
    Profile onlyHygiene =
        Profiles.parse(
            "test", "name: t\nextends: default\nrules:\n" + offExcept("KG010"), Check.ruleIds());
    Report hygiene = run(onlyHygiene);
    assertThat(hygiene.findings()).extracting(Finding::ruleId).containsExactly("KG010");
    assertThat(hygiene.exitCode(Severity.ERROR)).isZero();
    assertThat(hygiene.exitCode(Severity.WARNING)).isEqualTo(1);
  }

  private static String offExcept(String keep) {
    StringBuilder s = new StringBuilder();
    for (String id : new java.util.TreeSet<>(Check.ruleIds())) {
      if (!id.equals(keep)) {
        s.append("  ").append(id).append(": { severity: off }\n");
      }
    }
    return s.toString();
  }

  static Report run(Profile profile) throws Exception {
    Path root = GoldenReportTest.fixture();
    CheckInputs inputs =
        CheckInputs.read(
            root,
            root.resolve("apis"),
            root.resolve("policies"),
            Optional.empty(),
            java.util.List.of());
    return Check.run(
        new CheckContext(
            inputs, profile, FixtureSource.NOW, FixtureSource.everyState(), Optional.empty()));
  }
}
