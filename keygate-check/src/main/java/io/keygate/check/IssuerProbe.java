package io.keygate.check;

import java.util.Optional;

/**
 * Asks a JWT issuer whether its discovery document and JWKS answer ({@code --online} only). One
 * method so tests and the CLI can pass a real HTTP client with their own timeouts.
 */
public interface IssuerProbe {
  /**
   * Fetches the discovery document (or {@code discovery} / {@code jwksUri} when given) and the
   * JWKS. Returns empty when both answer with usable JSON, else why not.
   */
  Optional<String> problem(String issuer, Optional<String> discovery, Optional<String> jwksUri);
}
