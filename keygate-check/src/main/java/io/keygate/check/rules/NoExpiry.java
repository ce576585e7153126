package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import io.keygate.check.SecretMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** KG010: a referenced secret whose current version never expires. */
final class NoExpiry extends BaseRule {
  NoExpiry() {
    super("KG010", "no-expiry", "A referenced secret whose current version has no expiry date.");
  }

  @Override
  public List<Hit> check(CheckContext context) {
    List<Hit> hits = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Sites.Resolved r : Sites.resolved(context)) {
      SecretMetadata m = r.metadata();
      if (!seen.add(m.ref().vault() + "/" + m.ref().name().toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      if (m.current().isPresent() && m.current().get().expires().isEmpty()) {
        hits.add(
            new Hit(
                r.site().location(),
                "secret '"
                    + m.ref().vault()
                    + "/"
                    + m.ref().name()
                    + "' never expires: give it an expiry (`keygate secret update --expires`) or a"
                    + " rotation policy with an expiryTime"));
      }
    }
    return hits;
  }
}
