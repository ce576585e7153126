package io.keygate.vault.rotation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which generator makes a secret's new values, and its parameters as given in the policy (strings,
 * numbers and booleans). Validated by {@link io.keygate.vault.rotation.generators.Generators} when
 * a policy is set.
 *
 * @param type {@code random}, {@code apikey}, {@code keypair}, {@code postgres-password} or {@code
 *     webhook}
 * @param parameters the type's parameters
 * @param credentials none, or two target credentials (for example two PostgreSQL roles) used
 *     alternately: the dual-credential pattern
 */
public record GeneratorSpec(String type, Map<String, Object> parameters, List<String> credentials) {
  public GeneratorSpec {
    Objects.requireNonNull(type, "type");
    parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    credentials = List.copyOf(credentials);
  }

  /** A string parameter, or {@code fallback} when absent. */
  public String string(String key, String fallback) {
    Object value = parameters.get(key);
    return value == null ? fallback : value.toString();
  }

  /** A whole-number parameter, or {@code fallback} when absent; 400 when not a number. */
  public int integer(String key, int fallback) {
    Object value = parameters.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number && number.doubleValue() == number.intValue()) {
      return number.intValue();
    }
    throw new io.keygate.vault.VaultException.BadParameter(
        "generator " + type + ": " + key + " must be a whole number");
  }

  /** A boolean parameter, or {@code fallback} when absent; 400 when not a boolean. */
  public boolean flag(String key, boolean fallback) {
    Object value = parameters.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean bool) {
      return bool;
    }
    throw new io.keygate.vault.VaultException.BadParameter(
        "generator " + type + ": " + key + " must be true or false");
  }
}
