package io.keygate.check;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one check run: the rules that ran and every finding, sorted by file, line and rule.
 *
 * @param profile the profile's name
 * @param checkedAt the time the check judged against
 * @param rules the rules that ran, with their severity and controls under the profile
 * @param findings every finding
 * @param notChecked references the metadata source does not cover (e.g. {@code azure://} while
 *     checking the embedded vault), as {@code file:line reference} lines
 */
public record Report(
    String profile,
    Instant checkedAt,
    List<RuleResult> rules,
    List<Finding> findings,
    List<String> notChecked) {
  public Report {
    rules = List.copyOf(rules);
    findings = List.copyOf(findings);
    notChecked = List.copyOf(notChecked);
  }

  /**
   * One rule as it ran.
   *
   * @param id the rule id
   * @param name its short name
   * @param description what it looks for
   * @param severity its severity under the profile
   * @param controls the controls it evidences
   */
  public record RuleResult(
      String id, String name, String description, Severity severity, List<String> controls) {
    public RuleResult {
      controls = List.copyOf(controls);
    }
  }

  /** How many findings of each severity (every severity present, possibly 0). */
  public Map<Severity, Long> counts() {
    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      counts.put(s, findings.stream().filter(f -> f.severity() == s).count());
    }
    return counts;
  }

  /** The findings of one rule. */
  public List<Finding> findingsOf(String ruleId) {
    return findings.stream().filter(f -> f.ruleId().equals(ruleId)).toList();
  }

  /** 0 when no finding is at or above {@code failOn}, else 1. */
  public int exitCode(Severity failOn) {
    return findings.stream().anyMatch(f -> f.severity().atLeast(failOn)) ? 1 : 0;
  }

  /**
   * {@code N errors, N warnings, N notes (R rules, profile P)}: the summary line every format ends
   * with.
   */
  public String summary() {
    Map<Severity, Long> c = counts();
    return c.get(Severity.ERROR)
        + " error"
        + (c.get(Severity.ERROR) == 1 ? "" : "s")
        + ", "
        + c.get(Severity.WARNING)
        + " warning"
        + (c.get(Severity.WARNING) == 1 ? "" : "s")
        + ", "
        + c.get(Severity.NOTE)
        + " note"
        + (c.get(Severity.NOTE) == 1 ? "" : "s")
        + " ("
        + rules.size()
        + " rules, profile "
        + profile
        + ")";
  }
}
