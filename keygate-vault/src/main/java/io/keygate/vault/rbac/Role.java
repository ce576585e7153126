package io.keygate.vault.rbac;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The vault's roles, after Azure Key Vault's built-in ones (plus {@code gateway-node}). Each role
 * grants a fixed set of actions; a higher role includes the lower ones.
 */
public enum Role {
  /** Metadata only: names, versions, attributes, tags; never a value. */
  SECRETS_READER("secrets-reader"),
  /** Values and metadata. */
  SECRETS_USER("secrets-user"),
  /** Everything on secrets: set, update, rotate, delete, recover, purge, backup, restore, read. */
  SECRETS_OFFICER("secrets-officer"),
  /** Everything, role assignments included. */
  VAULT_ADMIN("vault-admin"),
  /**
   * A remote gateway node: may ask for values on behalf of its callers (whose own assignments are
   * checked and who are named in the audit entry), never for itself. Outside the reader-to-admin
   * ladder: it includes no other role and only {@code vault-admin} includes it.
   */
  GATEWAY_NODE("gateway-node");

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The role's name as written in the API, the CLI and the store. */
  public String id() {
    return id;
  }

  /** Whether this role grants {@code action}. */
  public boolean allows(Action action) {
    return switch (this) {
      case SECRETS_READER -> action == Action.GET_METADATA;
      case SECRETS_USER -> action == Action.GET_METADATA || action == Action.READ_VALUE;
      case SECRETS_OFFICER -> action != Action.MANAGE_ROLES && action != Action.RESOLVE_ON_BEHALF;
      case VAULT_ADMIN -> true;
      case GATEWAY_NODE -> action == Action.RESOLVE_ON_BEHALF;
    };
  }

  /** The actions this role grants. */
  public Set<Action> actions() {
    return EnumSet.copyOf(
        Arrays.stream(Action.values()).filter(this::allows).collect(Collectors.toSet()));
  }

  /**
   * The role named {@code id}; an {@link IllegalArgumentException} naming the valid roles
   * otherwise.
   */
  public static Role parse(String id) {
    for (Role role : values()) {
      if (role.id.equals(id)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "role '"
            + id
            + "' is unknown; use one of "
            + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
