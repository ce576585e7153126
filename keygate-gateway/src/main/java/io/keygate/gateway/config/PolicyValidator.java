package io.keygate.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a policy: a name, at least one access right, sane rates, quotas and principals. */
final class PolicyValidator {
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
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
      fail("", "'access' must list at least one API, for example access: [payments]");
    } else {
      for (int i = 0; i < policy.access().size(); i++) {
        access(policy.access().get(i), "/access/" + i);
      }
    }
    if (policy.rate() != null) {
      if (policy.rate().requests() <= 0) {
        fail("/rate/requests", "'rate.requests' must be a positive whole number");
      }
      duration(policy.rate().per(), "/rate/per", "rate.per");
    }
    if (policy.quota() != null) {
      if (policy.quota().max() <= 0) {
        fail("/quota/max", "'quota.max' must be a positive whole number");
      }
      duration(policy.quota().per(), "/quota/per", "quota.per");
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

  private void duration(String text, String pointer, String field) {
    if (text == null) {
      fail(pointer.substring(0, pointer.lastIndexOf('/')), "'" + field + "' is required");
      return;
    }
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException e) {
      fail(pointer, "'" + field + "': " + e.getMessage());
    }
  }

  private void fail(String pointer, String message) {
    problems.add(at.problem(pointer, message));
  }
}
