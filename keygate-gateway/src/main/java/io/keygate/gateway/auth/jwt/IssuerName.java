package io.keygate.gateway.auth.jwt;

import java.util.regex.Pattern;

/**
 * A configured issuer: an exact {@code iss} value, or an Entra ID multi-tenant template such as
 * {@code https://login.microsoftonline.com/{tenantid}/v2.0}, which accepts a token whose {@code
 * iss} is the template filled with the token's own {@code tid} (as Microsoft's metadata for the
 * {@code common} and {@code organizations} endpoints prescribes).
 */
record IssuerName(String configured) {
  static final String TENANT = "{tenantid}";
  private static final Pattern TENANT_ID = Pattern.compile("[0-9A-Fa-f-]{1,64}");

  boolean isTemplate() {
    return configured.contains(TENANT);
  }

  /** Whether a token claiming {@code iss} (and tenant {@code tid}) comes from this issuer. */
  boolean accepts(String iss, Object tid) {
    if (!isTemplate()) {
      return configured.equals(iss);
    }
    return tid instanceof String t
        && TENANT_ID.matcher(t).matches()
        && configured.replace(TENANT, t).equals(iss);
  }

  /**
   * Where the discovery document is when none is configured: under the issuer, with a template's
   * tenant replaced by {@code common} (whose metadata names the template as its issuer).
   */
  String defaultDiscovery() {
    return ProviderUri.discoveryFor(configured.replace(TENANT, "common"));
  }

  /** Checks a template's shape; {@code field} prefixes the message. */
  void check(String field, Object requiredTid) {
    if (!isTemplate()) {
      return;
    }
    if (configured.indexOf(TENANT) != configured.lastIndexOf(TENANT)) {
      throw new IllegalArgumentException(field + ".issuer: at most one " + TENANT + " placeholder");
    }
    if (requiredTid == null) {
      throw new IllegalArgumentException(
          field
              + ".requiredClaims.tid: required with a "
              + TENANT
              + " issuer, listing the tenants to accept (any Entra ID tenant could otherwise"
              + " call)");
    }
  }
}
