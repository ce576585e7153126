package io.keygate.vault.rbac;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who is acting, for RBAC and the audit entry: the principals whose rights count, the caller they
 * belong to, the node or API surface the request came through, the API and the request id.
 *
 * @param principals the principals whose assignments are checked, most specific first
 * @param onBehalfOf the caller (usually the first principal)
 * @param via the gateway node or surface the request came through ({@code admin-api}, {@code cli},
 *     a node name)
 * @param api the gateway API the request is for, or empty
 * @param requestId the request id, or empty
 */
public record Actor(
    List<String> principals, String onBehalfOf, String via, String api, String requestId) {
  public Actor {
    principals = List.copyOf(principals);
    Objects.requireNonNull(onBehalfOf, "onBehalfOf");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(requestId, "requestId");
  }

  /** The admin token's holder, through {@code via}. */
  public static Actor admin(String via, String requestId) {
    return new Actor(List.of(Principals.ADMIN), Principals.ADMIN, via, "", requestId);
  }

  /** The principals as a set, in order. */
  public Set<String> principalSet() {
    return new LinkedHashSet<>(principals);
  }
}
