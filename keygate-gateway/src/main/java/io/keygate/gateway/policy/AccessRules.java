package io.keygate.gateway.policy;

import io.keygate.gateway.config.PolicyDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A policy's access rights, compiled once per policy definition: which APIs, and optionally which
 * methods and path patterns. Paths are matched against the normalized path below the API's listen
 * path ({@code /v1/orders/42} for {@code /payments/v1/orders/42} on an API listening at {@code
 * /payments/}); {@code *} matches within one segment, {@code **} across segments (a {@code **}
 * segment between two slashes also matches no segment at all). An access list that names no API
 * grants nothing; {@code *} as API name grants every API.
 */
final class AccessRules {
  private final List<Rule> rules;
  private final boolean needsPath;

  private AccessRules(List<Rule> rules) {
    this.rules = rules;
    this.needsPath = rules.stream().anyMatch(r -> !r.paths().isEmpty());
  }

  /** Whether any rule looks at the path; if none does, callers need not compute it. */
  boolean needsPath() {
    return needsPath;
  }

  static AccessRules compile(PolicyDefinition policy) {
    List<Rule> rules = new ArrayList<>();
    if (policy.access() != null) {
      for (PolicyDefinition.Access access : policy.access()) {
        if (access != null && access.api() != null) {
          rules.add(Rule.of(access));
        }
      }
    }
    return new AccessRules(List.copyOf(rules));
  }

  /**
   * @param relativePath the normalized path below the API's listen path, starting with {@code /}
   */
  boolean allows(String api, String method, String relativePath) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).allows(api, method, relativePath)) {
        return true;
      }
    }
    return false;
  }

  private record Rule(String api, Set<String> methods, List<Pattern> paths) {
    static Rule of(PolicyDefinition.Access access) {
      Set<String> methods =
          access.methods() == null
              ? Set.of()
              : access.methods().stream()
                  .map(m -> m.toUpperCase(Locale.ROOT))
                  .collect(Collectors.toUnmodifiableSet());
      List<Pattern> paths =
          access.paths() == null ? List.of() : access.paths().stream().map(Rule::glob).toList();
      return new Rule(access.api(), methods, paths);
    }

    boolean allows(String requestApi, String method, String path) {
      if (!api.equals("*") && !api.equals(requestApi)) {
        return false;
      }
      if (!methods.isEmpty() && !methods.contains(method)) {
        return false;
      }
      if (paths.isEmpty()) {
        return true;
      }
      for (int i = 0; i < paths.size(); i++) {
        if (paths.get(i).matcher(path).matches()) {
          return true;
        }
      }
      return false;
    }

    static Pattern glob(String glob) {
      String g = glob.startsWith("/") ? glob : "/" + glob;
      String suffix = "";
      if (g.endsWith("/**")) {
        // "/orders/**" also covers the bare "/orders".
        g = g.substring(0, g.length() - 3);
        suffix = "(/.*)?";
      }
      StringBuilder regex = new StringBuilder();
      StringBuilder literal = new StringBuilder();
      for (int i = 0; i < g.length(); i++) {
        char c = g.charAt(i);
        if (c != '*') {
          literal.append(c);
          continue;
        }
        if (!literal.isEmpty()) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          boolean wholeSegment =
              g.charAt(i - 1) == '/' && i + 2 < g.length() && g.charAt(i + 2) == '/';
          if (wholeSegment) {
            // "/a/**/z" also covers "/a/z": a whole "**" segment stands for zero or more segments,
            // as in Ant and .gitignore patterns, not for at least one.
            regex.append("(?:.*/)?");
            i += 2;
          } else {
            regex.append(".*");
            i++;
          }
        } else {
          regex.append("[^/]*");
        }
      }
      if (!literal.isEmpty()) {
        regex.append(Pattern.quote(literal.toString()));
      }
      return Pattern.compile(regex.append(suffix).toString());
    }
  }
}
