package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import io.keygate.check.ReferenceSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * KG050: {@code env://} and {@code file://} references under a production profile. They bypass the
 * vault: no RBAC and no rotation (reads are audited by the node, but the value is whatever the
 * environment or file holds).
 */
final class LocalSourceInProduction extends BaseRule {
  private static final Set<String> LOCAL = Set.of("env", "file");

  LocalSourceInProduction() {
    super(
        "KG050",
        "local-source-in-production",
        "An env:// or file:// reference under a production profile (no RBAC and no rotation).");
  }

  @Override
  public List<Hit> check(CheckContext context) {
    List<Hit> hits = new ArrayList<>();
    if (!context.profile().production()) {
      return hits;
    }
    for (ReferenceSite site : context.inputs().references()) {
      if (site.ref().isPresent() && LOCAL.contains(site.ref().get().source())) {
        hits.add(
            new Hit(
                site.location(),
                "reference '"
                    + site.text()
                    + "' reads from "
                    + site.ref().get().source()
                    + "://, which has no access control, audit or rotation: move the secret into"
                    + " the vault and reference it there"));
      }
    }
    return hits;
  }
}
