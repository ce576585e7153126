package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.ReferenceSite;
import io.keygate.check.SecretMetadata;
import io.keygate.check.VersionMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Helpers shared by the rules about referenced secrets. */
final class Sites {
  private Sites() {}

  /**
   * A fixed, covered reference whose secret and version exist.
   *
   * @param site where it is referenced
   * @param metadata the secret
   * @param version the version the gateway would serve (pinned or current)
   */
  record Resolved(ReferenceSite site, SecretMetadata metadata, VersionMetadata version) {
    String subject() {
      return "'" + site.text() + "' (version " + version.version() + ")";
    }
  }

  static List<Resolved> resolved(CheckContext context) {
    List<Resolved> all = new ArrayList<>();
    for (ReferenceSite site : context.inputs().references()) {
      if (!site.fixed() || !context.covers(site.ref().get())) {
        continue;
      }
      Optional<SecretMetadata> metadata = context.metadata(site.ref().get());
      if (metadata.isEmpty()) {
        continue;
      }
      Optional<VersionMetadata> version =
          site.ref()
              .get()
              .version()
              .map(v -> metadata.get().version(v))
              .orElse(metadata.get().current());
      version.ifPresent(v -> all.add(new Resolved(site, metadata.get(), v)));
    }
    return all;
  }

  /** {@code 3 days}, {@code 5 hours}, {@code 12 minutes}: rounded down, for messages. */
  static String span(Duration d) {
    if (d.toDays() >= 1) {
      return plural(d.toDays(), "day");
    }
    if (d.toHours() >= 1) {
      return plural(d.toHours(), "hour");
    }
    return plural(Math.max(0, d.toMinutes()), "minute");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
