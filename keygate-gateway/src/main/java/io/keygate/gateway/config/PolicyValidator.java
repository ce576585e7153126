package io.keygate.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a policy: a name, at least one access right, sane rates, quotas and principals. */
final class PolicyValidator {
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
  // Bounds keep every value in range of the nanosecond and millisecond arithmetic the buckets
  // and quota windows run on (an unbounded 'per' overflowed there, failing requests with a 500).
  // A rate refills continuously, so a period beyond a year is a quota in disguise.
  private static final Duration MAX_RATE_PER = Duration.ofDays(365);
  private static final Duration MAX_QUOTA_PER = Duration.ofDays(3650);
  private static final Pattern PRINCIPAL = Pattern.compile("(user|group|app|key):\\S+");

  private final SourceLocations at;
  private final List<DefinitionProblem> problems = new ArrayList<>();

  PolicyValidator(SourceLocations at) {
    this.at = at;
  }

  List<DefinitionProblem> validate(PolicyDefinition policy) {
    if (policy.name() == null || policy.name().isBlank()) {
      fail("", "'name' is required");
    } else if (!ApiValidator.NAME.matcher(policy.name()).matches()) {
      fail("/name", "'name' must be lower-case letters, digits, '.', '_' or '-' (at most 64)");
    }
    if (policy.access() == null || policy.access().isEmpty()) {
      fail(
          policy.access() == null ? "" : "/access",
          "'access' must list at least one API, for example access: [payments]");
    } else {
      for (int i = 0; i < policy.access().size(); i++) {
        access(policy.access().get(i), "/access/" + i);
      }
    }
    if (policy.rate() != null) {
      long requests = policy.rate().requests();
      if (requests <= 0) {
        fail("/rate/requests", "'rate.requests' must be a positive whole number");
      }
      Duration per = duration(policy.rate().per(), "/rate/per", "rate.per", MAX_RATE_PER);
      // A token bucket refills at most one token per nanosecond (Bucket4j refuses faster rates).
      if (per != null && requests > 0 && requests > per.toNanos()) {
        fail(
            "/rate/requests",
            "'rate': "
                + requests
                + " requests per "
                + policy.rate().per()
                + " is more than one per nanosecond, the fastest a token bucket refills");
      }
    }
    if (policy.quota() != null) {
      if (policy.quota().max() <= 0) {
        fail("/quota/max", "'quota.max' must be a positive whole number");
      }
      duration(policy.quota().per(), "/quota/per", "quota.per", MAX_QUOTA_PER);
    }
    if (policy.principals() != null) {
      for (int i = 0; i < policy.principals().size(); i++) {
        String p = policy.principals().get(i);
        if (p == null || !PRINCIPAL.matcher(p).matches()) {
          fail(
              "/principals/" + i,
              "a principal is user:<id>, group:<name>, app:<client-id> or key:<id>: got '"
                  + p
                  + "'");
        }
      }
    }
    return problems;
  }

  private void access(PolicyDefinition.Access access, String pointer) {
    if (access == null || access.api() == null || access.api().isBlank()) {
      fail(pointer, "each 'access' entry needs an API name");
      return;
    }
    if (access.methods() != null) {
      for (String method : access.methods()) {
        if (method == null || !METHODS.contains(method.toUpperCase(java.util.Locale.ROOT))) {
          fail(pointer + "/methods", "'" + method + "' is not an HTTP method");
        }
      }
    }
    if (access.paths() != null) {
      for (String path : access.paths()) {
        if (path == null || !path.startsWith("/")) {
          fail(pointer + "/paths", "an access path must start with '/': got '" + path + "'");
        }
      }
    }
  }

  /** The parsed duration when it is valid and at most {@code max}, else null (a problem added). */
  private Duration duration(String text, String pointer, String field, Duration max) {
    if (text == null) {
      fail(pointer.substring(0, pointer.lastIndexOf('/')), "'" + field + "' is required");
      return null;
    }
    try {
      Duration d = Durations.parse(text);
      if (d.compareTo(max) > 0) {
        fail(
            pointer,
            "'" + field + "': '" + text + "' is longer than the maximum of " + max.toDays() + "d");
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      fail(pointer, "'" + field + "': " + e.getMessage());
      return null;
    }
  }

  private void fail(String pointer, String message) {
    problems.add(at.problem(pointer, message));
  }
}
