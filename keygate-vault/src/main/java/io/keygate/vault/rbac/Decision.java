package io.keygate.vault.rbac;

import io.keygate.vault.VaultException.Forbidden;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link RoleAssignments#check}: allowed (by which assignment, or by being {@code
 * admin}) or denied with a message that names the caller, the action and the resource, never a
 * value.
 *
 * @param allowed whether the action may proceed
 * @param action what was asked
 * @param resource {@code *}, {@code vault} or {@code vault/name}
 * @param grantedBy the assignment that allowed it; empty when denied or for {@code admin}
 * @param message why it was denied, or empty when allowed
 */
public record Decision(
    boolean allowed,
    Action action,
    String resource,
    Optional<RoleAssignment> grantedBy,
    String message) {

  /** The stable error code of a denial. */
  public static final String FORBIDDEN_BY_RBAC = "ForbiddenByRbac";

  /** An allowing decision. */
  public static Decision allow(Action action, String resource, Optional<RoleAssignment> grantedBy) {
    return new Decision(true, action, resource, grantedBy, "");
  }

  /** A denial whose message names the principals, the action, the resource and the role needed. */
  public static Decision deny(List<String> principals, Action action, String resource) {
    String who = principals.isEmpty() ? "(no principal)" : String.join(", ", principals);
    return new Decision(
        false,
        action,
        resource,
        Optional.empty(),
        "caller "
            + who
            + " may not "
            + action.phrase()
            + " "
            + resource
            + " (needs "
            + action.leastRole().id()
            + ")");
  }

  /** Returns normally when allowed; throws 403 {@code ForbiddenByRbac} when denied. */
  public void requireAllowed() {
    if (!allowed) {
      throw new Forbidden(FORBIDDEN_BY_RBAC, message);
    }
  }
}
