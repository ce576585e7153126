package io.keygate.check.rules;

import io.keygate.check.Rule;
import java.util.List;

/** Every rule, in id order. A new rule gets the next free id and an entry in docs/CHECK.md. */
public final class Rules {
  private static final List<Rule> ALL =
      List.of(
          new InvalidDefinition(),
          new UnresolvedReference(),
          new VersionRules.Disabled(),
          new VersionRules.Expired(),
          new VersionRules.NotYetValid(),
          new VersionRules.ExpiringSoon(),
          new NoExpiry(),
          new RotationRules.NoPolicy(),
          new RotationRules.Overdue(),
          new RotationRules.PeriodTooLong(),
          new RotationRules.LastFailed(),
          new PlaintextCredential(),
          new ApiKeyRules.NoExpiry(),
          new ApiKeyRules.TooOld(),
          new ApiKeyRules.Unused(),
          new CertificateExpiring(),
          new LocalSourceInProduction(),
          new KeylessNotPublic(),
          new IssuerUnreachable());

  private Rules() {}

  public static List<Rule> all() {
    return ALL;
  }
}
