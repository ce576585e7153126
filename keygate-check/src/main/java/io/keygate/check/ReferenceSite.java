package io.keygate.check;

import io.keygate.secrets.SecretRef;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code ${secret:...}} reference in an API definition.
 *
 * @param location the line of the {@code inject} value holding it
 * @param api the API's name
 * @param text the reference as written (inside {@code ${secret:}...{@code }}); holds no value
 * @param ref the parsed reference; for a reference with claim placeholders, its shape with stand-in
 *     values (its name is then not a real secret)
 * @param claims the claims the reference needs, empty for a fixed reference
 * @param file the API's definition
 */
public record ReferenceSite(
    Location location,
    String api,
    String text,
    Optional<SecretRef> ref,
    Set<String> claims,
    ApiFile file) {
  public ReferenceSite {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(ref, "ref");
    claims = Set.copyOf(claims);
  }

  /** Whether the reference names one fixed secret (no claim placeholders). */
  public boolean fixed() {
    return claims.isEmpty() && ref.isPresent();
  }
}
