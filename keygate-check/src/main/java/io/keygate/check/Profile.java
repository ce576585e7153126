package io.keygate.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of thresholds and, per rule, a severity (or off) and the compliance controls it evidences.
 * The built-in profiles {@code default}, {@code soc2} and {@code iso27001} are YAML resources that
 * a team can copy and tighten (see {@link Profiles}).
 *
 * @param name the profile's name, shown in reports
 * @param description one line about its purpose
 * @param production whether it checks what runs in production ({@code env://} and {@code file://}
 *     references are then findings)
 * @param thresholds the limits rules compare with
 * @param rules per rule id: severity and controls; a rule not listed is off
 */
public record Profile(
    String name,
    String description,
    boolean production,
    Thresholds thresholds,
    Map<String, RuleSetting> rules) {
  public Profile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(thresholds, "thresholds");
    rules = Map.copyOf(rules);
  }

  /**
   * @param window how far ahead an expiry counts as imminent ({@code --within} overrides it)
   * @param maxRotationPeriod the longest rotation period a policy may have
   * @param maxKeyAge the oldest an API key may be
   * @param unusedKeyAfter an API key unused this long is reported
   */
  public record Thresholds(
      Duration window, Duration maxRotationPeriod, Duration maxKeyAge, Duration unusedKeyAfter) {
    public Thresholds {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(maxRotationPeriod, "maxRotationPeriod");
      Objects.requireNonNull(maxKeyAge, "maxKeyAge");
      Objects.requireNonNull(unusedKeyAfter, "unusedKeyAfter");
    }

    public Thresholds withWindow(Duration newWindow) {
      return new Thresholds(newWindow, maxRotationPeriod, maxKeyAge, unusedKeyAfter);
    }
  }

  /**
   * @param severity the severity, or empty when the rule is off
   * @param controls control ids such as {@code SOC2 CC6.1} or {@code ISO27001 A.8.24}
   */
  public record RuleSetting(Optional<Severity> severity, List<String> controls) {
    public RuleSetting {
      Objects.requireNonNull(severity, "severity");
      controls = List.copyOf(controls);
    }
  }

  /** This profile with another expiry window (from {@code --within}). */
  public Profile withWindow(Duration window) {
    return new Profile(name, description, production, thresholds.withWindow(window), rules);
  }

  /** The rule's severity, or empty when it is off or not listed. */
  public Optional<Severity> severity(String ruleId) {
    RuleSetting setting = rules.get(ruleId);
    return setting == null ? Optional.empty() : setting.severity();
  }

  public List<String> controls(String ruleId) {
    RuleSetting setting = rules.get(ruleId);
    return setting == null ? List.of() : setting.controls();
  }
}
