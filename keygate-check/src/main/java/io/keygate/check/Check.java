package io.keygate.check;

import io.keygate.check.rules.Rules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs every rule the profile enables and rates each hit with the profile. The entry point of the
 * module: {@code Check.run(context)}.
 */
public final class Check {
  private static final Comparator<Finding> ORDER =
      Comparator.comparing((Finding f) -> f.location().file())
          .thenComparingInt(f -> f.location().line())
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::message);

  private Check() {}

  /** The ids of every rule, for profile validation. */
  public static Set<String> ruleIds() {
    return Rules.all().stream().map(Rule::id).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Runs the check.
   *
   * @throws MetadataUnavailableException when the metadata source cannot answer at all
   */
  public static Report run(CheckContext context) {
    return run(context, Rules.all());
  }

  static Report run(CheckContext context, List<Rule> rules) {
    Profile profile = context.profile();
    List<Report.RuleResult> ran = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      Optional<Severity> severity = profile.severity(rule.id());
      if (severity.isEmpty()) {
        continue;
      }
      List<String> controls = profile.controls(rule.id());
      ran.add(
          new Report.RuleResult(
              rule.id(), rule.name(), rule.description(), severity.get(), controls));
      for (Hit hit : rule.check(context)) {
        findings.add(
            new Finding(
                rule.id(), rule.name(), severity.get(), hit.message(), hit.location(), controls));
      }
    }
    findings.sort(ORDER);
    List<String> notChecked =
        context.inputs().references().stream()
            .filter(s -> s.ref().isPresent() && !context.covers(s.ref().get()))
            .map(s -> s.location() + " " + s.text())
            .distinct()
            .toList();
    return new Report(profile.name(), context.now(), ran, findings, notChecked);
  }
}
