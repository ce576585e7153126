package io.keygate.vault.server.identity;

import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Principals;
import java.util.List;
import java.util.Objects;

/**
 * A caller whose bearer token {@link TokenAuthenticator} accepted.
 *
 * @param principal the caller ({@code admin}, {@code app:<client-id>}, {@code user:<subject>}, ...)
 * @param principals every principal whose role assignments count, the caller first
 * @param issuer who vouched for the caller: {@link #ADMIN_TOKEN}, {@link #KEYGATE} or the {@code
 *     iss} of a configured OIDC issuer
 * @param via the API surface the token was presented to (as named in audit entries)
 */
public record Authenticated(String principal, List<String> principals, String issuer, String via) {
  /** The issuer of an admin-token caller. */
  public static final String ADMIN_TOKEN = "admin-token";

  /** The issuer of a Keygate-issued token. */
  public static final String KEYGATE = "keygate";

  public Authenticated {
    Objects.requireNonNull(principal, "principal");
    principals = List.copyOf(principals);
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(via, "via");
  }

  /** The admin token's holder. */
  static Authenticated admin(String via) {
    return new Authenticated(Principals.ADMIN, List.of(Principals.ADMIN), ADMIN_TOKEN, via);
  }

  /** Whether the caller holds the admin token. */
  public boolean admin() {
    return Principals.ADMIN.equals(principal);
  }

  /** The caller as RBAC and the audit trail see it, for one request. */
  public Actor actor(String requestId) {
    return new Actor(principals, principal, via, "", requestId);
  }
}
