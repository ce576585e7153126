package io.keygate.check;

import java.util.List;
import java.util.Objects;

/**
 * One rule's verdict about one thing. The message says what is wrong and what to do, and never
 * contains a secret value.
 *
 * @param ruleId the stable rule id, e.g. {@code KG003}
 * @param ruleName the rule's short name, e.g. {@code expired}
 * @param severity as the profile rates this rule
 * @param message what is wrong and what to do
 * @param location where (file and line), or {@link Location#NONE}
 * @param controls the compliance controls the profile maps the rule to
 */
public record Finding(
    String ruleId,
    String ruleName,
    Severity severity,
    String message,
    Location location,
    List<String> controls) {
  public Finding {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(ruleName, "ruleName");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
    controls = List.copyOf(controls);
  }
}
