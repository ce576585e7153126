package io.keygate.gateway.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;
import java.util.Map;

/**
 * One accepted JWT issuer for an API.
 *
 * <p>Where the keys come from, first match wins: inline {@code keys}, a static {@code jwksUri}, an
 * explicit {@code discovery} document, else {@code <issuer>/.well-known/openid-configuration}.
 *
 * @param issuer the expected {@code iss}; its OIDC discovery document gives the JWKS URI
 * @param jwksUri a static JWKS URI instead of discovery
 * @param audience accepted audiences (one of them must be in {@code aud})
 * @param algorithms accepted signature algorithms (default RS256, ES256, PS256)
 * @param clockSkew allowed clock skew, e.g. {@code 60s}
 * @param identity which claims name the caller
 * @param requiredScopes scopes that must all be present ({@code scp} or {@code scope})
 * @param requiredRoles app roles that must all be present ({@code roles})
 * @param requiredClaims claims that must be present, with their expected values
 * @param discovery the URL of the discovery document when it is not under the issuer (Entra ID v1:
 *     {@code https://login.microsoftonline.com/<tid>/.well-known/openid-configuration})
 * @param keys inline public keys (JWK objects), instead of fetching a JWKS
 */
public record JwtAuthConfig(
    String issuer,
    String jwksUri,
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> audience,
    List<String> algorithms,
    String clockSkew,
    IdentityMapping identity,
    List<String> requiredScopes,
    List<String> requiredRoles,
    Map<String, Object> requiredClaims,
    String discovery,
    List<Map<String, Object>> keys) {

  /**
   * The original nine-field form, for callers written before {@code discovery} and {@code keys}.
   */
  public JwtAuthConfig(
      String issuer,
      String jwksUri,
      List<String> audience,
      List<String> algorithms,
      String clockSkew,
      IdentityMapping identity,
      List<String> requiredScopes,
      List<String> requiredRoles,
      Map<String, Object> requiredClaims) {
    this(
        issuer,
        jwksUri,
        audience,
        algorithms,
        clockSkew,
        identity,
        requiredScopes,
        requiredRoles,
        requiredClaims,
        null,
        null);
  }

  /**
   * @param preset {@code entra}, {@code entra-v1}, {@code okta} or {@code generic}
   * @param subject claim naming the user
   * @param tenant claim naming the tenant
   * @param groups claim listing groups
   * @param roles claim listing app roles
   * @param clientId claim naming the client application
   */
  public record IdentityMapping(
      String preset, String subject, String tenant, String groups, String roles, String clientId) {}
}
