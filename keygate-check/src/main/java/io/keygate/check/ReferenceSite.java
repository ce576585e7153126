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
 * @param use what the gateway does with the secret: a value it injects, or the upstream mTLS client
 *     certificate it presents
 */
public record ReferenceSite(
    Location location,
    String api,
    String text,
    Optional<SecretRef> ref,
    Set<String> claims,
    ApiFile file,
    Use use) {
  public ReferenceSite {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(ref, "ref");
    claims = Set.copyOf(claims);
    Objects.requireNonNull(use, "use");
  }

  /** A reference in an injected value ({@code header}, {@code query}, {@code basic}). */
  public ReferenceSite(
      Location location,
      String api,
      String text,
      Optional<SecretRef> ref,
      Set<String> claims,
      ApiFile file) {
    this(location, api, text, ref, claims, file, Use.VALUE);
  }

  /** What the gateway does with a referenced secret. */
  public enum Use {
    /** Injects (part of) its value into the request. */
    VALUE,
    /** Presents it (a PEM chain and key) as the upstream mTLS client certificate. */
    CLIENT_CERTIFICATE
  }

  /** Whether the secret is an upstream mTLS client certificate (KG040 judges its expiry). */
  public boolean clientCertificate() {
    return use == Use.CLIENT_CERTIFICATE;
  }

  /** Whether the reference names one fixed secret (no claim placeholders). */
  public boolean fixed() {
    return claims.isEmpty() && ref.isPresent();
  }
}
