package io.keygate.gateway.auth.jwt;

import io.keygate.gateway.chain.Identity;
import io.keygate.gateway.config.JwtAuthConfig.IdentityMapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which claims name the caller, and how a verified token becomes an {@link Identity}. Each role is
 * a list of claim names tried in order (the first present wins), so {@code azp,client_id} covers
 * issuers that use either.
 *
 * @param subject claims naming the user ({@code user:<id>}, and the consumer)
 * @param tenant claims naming the tenant (kept in the claims, for {@code ${claim.tid}})
 * @param groups claims listing groups ({@code group:<name>} each)
 * @param roles claims listing app roles ({@code group:<role>} each, and checked by requiredRoles)
 * @param clientId claims naming the client application ({@code app:<id>})
 */
record ClaimMapping(
    List<String> subject,
    List<String> tenant,
    List<String> groups,
    List<String> roles,
    List<String> clientId) {

  /** Entra ID v2.0 access tokens: the object id is stable across apps, unlike {@code sub}. */
  static final ClaimMapping ENTRA =
      new ClaimMapping(
          List.of("oid"), List.of("tid"), List.of("groups"), List.of("roles"), List.of("azp"));

  /** Entra ID v1.0 access tokens name the client in {@code appid}. */
  static final ClaimMapping ENTRA_V1 =
      new ClaimMapping(
          List.of("oid"), List.of("tid"), List.of("groups"), List.of("roles"), List.of("appid"));

  /** Okta access tokens carry the client in {@code cid}; ID tokens have no client claim. */
  static final ClaimMapping OKTA =
      new ClaimMapping(
          List.of("sub"), List.of(), List.of("groups"), List.of(), List.of("cid", "client_id"));

  static final ClaimMapping GENERIC =
      new ClaimMapping(
          List.of("sub"),
          List.of(),
          List.of("groups"),
          List.of("roles"),
          List.of("azp", "client_id"));

  /** The preset named in the configuration, with any explicitly configured claim overriding it. */
  static ClaimMapping from(IdentityMapping config, String field) {
    if (config == null) {
      return GENERIC;
    }
    ClaimMapping base =
        switch (config.preset() == null ? "generic" : config.preset().strip()) {
          case "entra" -> ENTRA;
          case "entra-v1" -> ENTRA_V1;
          case "okta" -> OKTA;
          case "generic" -> GENERIC;
          default ->
              throw new IllegalArgumentException(
                  field
                      + ".identity.preset: unknown preset '"
                      + config.preset()
                      + "' (entra, entra-v1, okta, generic)");
        };
    return new ClaimMapping(
        override(config.subject(), base.subject),
        override(config.tenant(), base.tenant),
        override(config.groups(), base.groups),
        override(config.roles(), base.roles),
        override(config.clientId(), base.clientId));
  }

  /** The identity of a verified token; fails with 401 when no subject claim is present. */
  Identity identity(Map<String, Object> claims) {
    String user = firstString(claims, subject);
    if (user == null) {
      throw BearerChallenge.invalidToken("token has no subject claim '" + subject.get(0) + "'");
    }
    Set<String> principals = new LinkedHashSet<>();
    principals.add("user:" + user);
    String client = firstString(claims, clientId);
    if (client != null) {
      principals.add("app:" + client);
    }
    for (String g : values(claims, groups)) {
      principals.add("group:" + g);
    }
    for (String r : values(claims, roles)) {
      principals.add("group:" + r);
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    claims.forEach(
        (k, v) -> {
          if (v != null) {
            kept.put(k, v);
          }
        });
    return new Identity(List.copyOf(principals), user, "", kept);
  }

  /** The strings in the first present of {@code names}: a JSON array, or one string. */
  static List<String> values(Map<String, Object> claims, List<String> names) {
    for (String name : names) {
      Object v = claims.get(name);
      if (v instanceof Collection<?> c) {
        List<String> out = new ArrayList<>(c.size());
        for (Object o : c) {
          if (o instanceof String s && !s.isEmpty()) {
            out.add(s);
          }
        }
        return out;
      }
      if (v instanceof String s && !s.isEmpty()) {
        return List.of(s);
      }
    }
    return List.of();
  }

  private static String firstString(Map<String, Object> claims, List<String> names) {
    for (String name : names) {
      Object v = claims.get(name);
      if (v instanceof String s && !s.isEmpty()) {
        return s;
      }
      if (v instanceof Number n) {
        return n.toString();
      }
    }
    return null;
  }

  private static List<String> override(String configured, List<String> preset) {
    if (configured == null || configured.isBlank()) {
      return preset;
    }
    return Arrays.stream(configured.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
