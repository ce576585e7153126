package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import io.keygate.check.ReferenceSite;
import io.keygate.check.RotationAttempt;
import io.keygate.check.RotationSchedule;
import io.keygate.check.SecretMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KG011-KG014: rotation hygiene. Sources that do not report rotation data ({@link
 * SecretMetadata#rotationKnown()} false) are skipped rather than reported as having no policy.
 */
final class RotationRules {
  private RotationRules() {}

  /** Each referenced secret the source knows, once, at its first reference. */
  private static List<Map.Entry<ReferenceSite, SecretMetadata>> secrets(CheckContext context) {
    List<Map.Entry<ReferenceSite, SecretMetadata>> all = new ArrayList<>();
    for (List<ReferenceSite> sites : context.referencedSecrets().values()) {
      ReferenceSite first = sites.get(0);
      context
          .metadata(first.ref().get())
          .filter(SecretMetadata::rotationKnown)
          .ifPresent(m -> all.add(Map.entry(first, m)));
    }
    return all;
  }

  static String secretName(SecretMetadata m) {
    return "'" + m.ref().vault() + "/" + m.ref().name() + "'";
  }

  /** KG011. */
  static final class NoPolicy extends BaseRule {
    NoPolicy() {
      super("KG011", "no-rotation-policy", "A referenced secret has no rotation policy.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      for (var e : secrets(context)) {
        if (e.getValue().rotation().isEmpty()) {
          hits.add(
              new Hit(
                  e.getKey().location(),
                  "secret "
                      + secretName(e.getValue())
                      + " has no rotation policy: set one (`keygate secret rotation-policy set`) so it is"
                      + " rotated on schedule"));
        }
      }
      return hits;
    }
  }

  /** KG012. */
  static final class Overdue extends BaseRule {
    Overdue() {
      super("KG012", "rotation-overdue", "A referenced secret is past its own rotation schedule.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      for (var e : secrets(context)) {
        SecretMetadata m = e.getValue();
        Optional<Instant> due = due(m);
        if (due.isPresent() && context.now().isAfter(due.get())) {
          hits.add(
              new Hit(
                  e.getKey().location(),
                  "secret "
                      + secretName(m)
                      + " was due for rotation on "
                      + due.get()
                      + " ("
                      + Sites.span(Duration.between(due.get(), context.now()))
                      + " ago): rotate it now (`keygate secret rotate`) and check why the"
                      + " scheduler did not"));
        }
      }
      return hits;
    }

    private static Optional<Instant> due(SecretMetadata m) {
      if (m.rotation().isEmpty() || m.current().isEmpty()) {
        return Optional.empty();
      }
      RotationSchedule schedule = m.rotation().get();
      Instant since = m.current().get().created();
      Optional<RotationAttempt> last = m.lastRotation().filter(RotationAttempt::succeeded);
      if (last.isPresent() && last.get().finished().isAfter(since)) {
        since = last.get().finished();
      }
      Optional<Instant> byAge = schedule.every().map(since::plus);
      Optional<Instant> byExpiry =
          schedule
              .beforeExpiry()
              .flatMap(lead -> m.current().get().expires().map(exp -> exp.minus(lead)));
      if (byAge.isPresent() && byExpiry.isPresent()) {
        return Optional.of(byAge.get().isBefore(byExpiry.get()) ? byAge.get() : byExpiry.get());
      }
      return byAge.isPresent() ? byAge : byExpiry;
    }
  }

  /** KG013. */
  static final class PeriodTooLong extends BaseRule {
    PeriodTooLong() {
      super(
          "KG013",
          "rotation-period-too-long",
          "A rotation policy rotates less often than the profile's maxRotationPeriod.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      Duration max = context.thresholds().maxRotationPeriod();
      for (var e : secrets(context)) {
        Optional<Duration> period = e.getValue().rotation().flatMap(RotationSchedule::period);
        if (e.getValue().rotation().isPresent() && period.isEmpty()) {
          hits.add(
              new Hit(
                  e.getKey().location(),
                  "secret "
                      + secretName(e.getValue())
                      + " has a rotation policy that never rotates by itself: add a rotate"
                      + " action (timeAfterCreate at most "
                      + Sites.span(max)
                      + ")"));
        } else if (period.isPresent() && period.get().compareTo(max) > 0) {
          hits.add(
              new Hit(
                  e.getKey().location(),
                  "secret "
                      + secretName(e.getValue())
                      + " rotates every "
                      + Sites.span(period.get())
                      + ", longer than the profile's maximum of "
                      + Sites.span(max)
                      + ": shorten its rotation policy"));
        }
      }
      return hits;
    }
  }

  /** KG014. */
  static final class LastFailed extends BaseRule {
    LastFailed() {
      super("KG014", "last-rotation-failed", "The last rotation of a referenced secret failed.");
    }

    @Override
    public List<Hit> check(CheckContext context) {
      List<Hit> hits = new ArrayList<>();
      for (var e : secrets(context)) {
        Optional<RotationAttempt> last = e.getValue().lastRotation();
        if (last.isPresent() && !last.get().succeeded()) {
          hits.add(
              new Hit(
                  e.getKey().location(),
                  "the last rotation of secret "
                      + secretName(e.getValue())
                      + " failed on "
                      + last.get().finished()
                      + last.get().error().map(err -> " (" + clip(err) + ")").orElse("")
                      + ": fix the cause and rotate it again"));
        }
      }
      return hits;
    }

    private static String clip(String text) {
      return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
  }
}
