package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * KG002-KG005: the referenced version would not be served, or soon would not be. The expiry of an
 * upstream mTLS client certificate is KG040's (a certificate finding, with its controls), not
 * KG003/KG005's, so it is reported once.
 */
final class VersionRules {
  private VersionRules() {}

  /** KG002. */
  static final class Disabled extends BaseRule {
    Disabled() {
      super("KG002", "version-disabled", "A referenced secret version is disabled.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      for (Sites.Resolved r : Sites.resolved(context)) {
        if (!r.version().enabled()) {
          hits.add(
              new Hit(
                  r.site().location(),
                  "secret "
                      + r.subject()
                      + " is disabled, so API '"
                      + r.site().api()
                      + "' cannot inject it: enable it or set a new version"));
        }
      }
      return hits;
    }
  }

  /** KG003. */
  static final class Expired extends BaseRule {
    Expired() {
      super("KG003", "expired", "A referenced secret version has expired.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      for (Sites.Resolved r : Sites.resolved(context)) {
        Instant exp = r.site().clientCertificate() ? null : r.version().expires().orElse(null);
        if (exp != null && !context.now().isBefore(exp)) {
          hits.add(
              new Hit(
                  r.site().location(),
                  "secret "
                      + r.subject()
                      + " expired on "
                      + exp
                      + ": set a new version (or rotate it) before deploying API '"
                      + r.site().api()
                      + "'"));
        }
      }
      return hits;
    }
  }

  /** KG004. */
  static final class NotYetValid extends BaseRule {
    NotYetValid() {
      super("KG004", "not-yet-valid", "A referenced secret version is not valid yet (nbf).");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      for (Sites.Resolved r : Sites.resolved(context)) {
        Instant nbf = r.version().notBefore().orElse(null);
        if (nbf != null && context.now().isBefore(nbf)) {
          hits.add(
              new Hit(
                  r.site().location(),
                  "secret "
                      + r.subject()
                      + " is not valid before "
                      + nbf
                      + ": deploy API '"
                      + r.site().api()
                      + "' after that, or change the version's not-before date"));
        }
      }
      return hits;
    }
  }

  /** KG005. */
  static final class ExpiringSoon extends BaseRule {
    ExpiringSoon() {
      super(
          "KG005",
          "expiring-within-window",
          "A referenced secret version expires within the window (--within, default 30 days).");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      Duration window = context.thresholds().window();
      for (Sites.Resolved r : Sites.resolved(context)) {
        Instant exp = r.site().clientCertificate() ? null : r.version().expires().orElse(null);
        if (exp != null
            && context.now().isBefore(exp)
            && exp.isBefore(context.now().plus(window))) {
          hits.add(
              new Hit(
                  r.site().location(),
                  "secret "
                      + r.subject()
                      + " expires on "
                      + exp
                      + ", in "
                      + Sites.span(Duration.between(context.now(), exp))
                      + " (window "
                      + Sites.span(window)
                      + "): rotate it or set a new version now"));
        }
      }
      return hits;
    }
  }
}
