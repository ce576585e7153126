package io.keygate.gateway.config;

import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretTemplate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Runs a {@link ReferenceCheck} over the {@code inject:} entries of a validated API. */
final class ReferenceProblems {
  private ReferenceProblems() {}

  static List<DefinitionProblem> of(ApiDefinition api, ReferenceCheck check, SourceLocations at) {
    List<DefinitionProblem> problems = new ArrayList<>();
    if (api.inject() == null || check == ReferenceCheck.NONE) {
      return problems;
    }
    Set<SecretRef> asked = new LinkedHashSet<>();
    for (int i = 0; i < api.inject().size(); i++) {
      ApiDefinition.Inject entry = api.inject().get(i);
      boolean certificate = entry.clientCertificate() != null;
      SecretTemplate template =
          SecretTemplate.parse(certificate ? entry.clientCertificate() : entry.value());
      if (!template.claims().isEmpty()) {
        // Such a name differs per caller: nothing to ask before a caller comes.
        continue;
      }
      String field = certificate ? "clientCertificate" : "value";
      for (SecretRef ref : template.refs(Map.of())) {
        if (!asked.add(ref)) {
          continue;
        }
        Optional<String> problem = check.problem(ref);
        if (problem.isPresent()) {
          problems.add(
              at.problem("/inject/" + i + "/" + field, "'inject." + field + "': " + problem.get()));
        }
      }
    }
    return problems;
  }
}
