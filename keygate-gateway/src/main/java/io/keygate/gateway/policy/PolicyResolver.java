package io.keygate.gateway.policy;

import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.PolicyDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Finds the policy that applies to a caller on an API, in this order: the policy the credential
 * carries (an API key's), then a policy bound to one of the caller's principals (most specific
 * principal first), then the API's own {@code policy}. Reads the current definitions on every call,
 * so a reload takes effect on the next request; derived indexes are rebuilt only when the
 * definitions change.
 */
public final class PolicyResolver {
  /** What resolution found. {@code policy} is null when no policy applies. */
  public record Resolution(PolicyDefinition policy, String missingPolicy) {
    static final Resolution NONE = new Resolution(null, null);

    public boolean missing() {
      return missingPolicy != null;
    }
  }

  private final Supplier<Map<String, PolicyDefinition>> policies;
  private final ConcurrentHashMap<String, Compiled> rules = new ConcurrentHashMap<>();
  private volatile PrincipalIndex principalIndex = new PrincipalIndex(Map.of(), Map.of());

  public PolicyResolver(Supplier<Map<String, PolicyDefinition>> policies) {
    this.policies = policies;
  }

  public Resolution resolve(Identity identity, ApiDefinition api) {
    Map<String, PolicyDefinition> all = policies.get();
    String carried = identity.policy();
    if (!carried.isEmpty()) {
      PolicyDefinition p = all.get(carried);
      return p == null ? new Resolution(null, carried) : new Resolution(p, null);
    }
    List<String> principals = identity.principals();
    if (!principals.isEmpty()) {
      Map<String, PolicyDefinition> bound = index(all);
      for (int i = 0; i < principals.size(); i++) {
        PolicyDefinition p = bound.get(principals.get(i));
        if (p != null) {
          return new Resolution(p, null);
        }
      }
    }
    String apiPolicy = api.policy();
    if (apiPolicy == null || apiPolicy.isEmpty()) {
      return Resolution.NONE;
    }
    PolicyDefinition p = all.get(apiPolicy);
    return p == null ? new Resolution(null, apiPolicy) : new Resolution(p, null);
  }

  /** Whether {@code policy} grants {@code method} on {@code relativePath} of {@code api}. */
  public boolean allows(PolicyDefinition policy, String api, String method, String relativePath) {
    return rulesOf(policy).allows(api, method, relativePath);
  }

  /**
   * Whether {@code policy} grants {@code method} on {@code normalizedPath} of {@code api}; the path
   * below the listen path is computed only if a rule looks at paths.
   */
  public boolean allows(
      PolicyDefinition policy, ApiDefinition api, String method, String normalizedPath) {
    AccessRules r = rulesOf(policy);
    return r.allows(
        api.name(), method, r.needsPath() ? Authorize.relativePath(api, normalizedPath) : "");
  }

  private AccessRules rulesOf(PolicyDefinition policy) {
    Compiled c = rules.get(policy.name());
    if (c == null || c.source != policy) {
      c = new Compiled(policy, AccessRules.compile(policy));
      rules.put(policy.name(), c);
    }
    return c.rules;
  }

  private Map<String, PolicyDefinition> index(Map<String, PolicyDefinition> all) {
    PrincipalIndex current = principalIndex;
    if (current.source == all) {
      return current.byPrincipal;
    }
    // Sorted by policy name so that a principal bound twice resolves the same way on every node.
    Map<String, PolicyDefinition> byPrincipal = new HashMap<>();
    for (PolicyDefinition p : new TreeMap<>(all).values()) {
      if (p.principals() != null) {
        for (String principal : p.principals()) {
          byPrincipal.putIfAbsent(principal, p);
        }
      }
    }
    principalIndex = new PrincipalIndex(all, Map.copyOf(byPrincipal));
    return byPrincipal;
  }

  private record PrincipalIndex(
      Map<String, PolicyDefinition> source, Map<String, PolicyDefinition> byPrincipal) {}

  private record Compiled(PolicyDefinition source, AccessRules rules) {}
}
