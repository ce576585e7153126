package io.keygate.gateway.config;

import java.util.Map;
import java.util.Optional;

/**
 * One consistent set of API and policy definitions, as loaded at one moment. Immutable: a reload
 * makes a new one and swaps it in whole, so a reader never sees half of a change.
 *
 * @param generation increases by one with each change
 * @param apis APIs by name
 * @param policies policies by name
 */
public record Definitions(
    long generation, Map<String, ApiDefinition> apis, Map<String, PolicyDefinition> policies) {
  public static final Definitions EMPTY = new Definitions(0, Map.of(), Map.of());

  public Definitions {
    apis = Map.copyOf(apis);
    policies = Map.copyOf(policies);
  }

  public Optional<ApiDefinition> api(String name) {
    return Optional.ofNullable(apis.get(name));
  }

  public Optional<PolicyDefinition> policy(String name) {
    return Optional.ofNullable(policies.get(name));
  }
}
