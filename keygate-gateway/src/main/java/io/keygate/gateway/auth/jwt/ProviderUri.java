package io.keygate.gateway.auth.jwt;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * The rule for every URL keys are fetched from: HTTPS, except on the loopback interface (a local
 * provider, or tests). Keys fetched over plain HTTP from elsewhere could be swapped in transit.
 */
final class ProviderUri {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private ProviderUri() {}

  /** Returns {@code uri} if it is acceptable, else throws naming {@code what}. */
  static String require(String uri, String what) {
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": not a URL: '" + uri + "'");
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    String host = parsed.getHost() == null ? "" : parsed.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException(what + ": not an absolute URL: '" + uri + "'");
    }
    if (scheme.equals("https") || (scheme.equals("http") && LOOPBACK.contains(host))) {
      return uri;
    }
    throw new IllegalArgumentException(
        what + ": must be https (http only on loopback): '" + uri + "'");
  }

  /** Where OIDC Discovery puts the document for an issuer (a trailing slash is not doubled). */
  static String discoveryFor(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return base + "/.well-known/openid-configuration";
  }
}
