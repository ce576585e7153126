package io.keygate.vault.rbac;

/**
 * What a principal wants to do to a secret, a vault or the role assignments. Each action names the
 * least role that grants it, for the denial message.
 */
public enum Action {
  GET_METADATA("read the metadata of", Role.SECRETS_READER),
  READ_VALUE("read the value of", Role.SECRETS_USER),
  SET("set", Role.SECRETS_OFFICER),
  UPDATE("update", Role.SECRETS_OFFICER),
  ROTATE("rotate", Role.SECRETS_OFFICER),
  DELETE("delete", Role.SECRETS_OFFICER),
  RECOVER("recover", Role.SECRETS_OFFICER),
  PURGE("purge", Role.SECRETS_OFFICER),
  BACKUP("back up", Role.SECRETS_OFFICER),
  RESTORE("restore into", Role.SECRETS_OFFICER),
  MANAGE_ROLES("manage role assignments on", Role.VAULT_ADMIN),
  /**
   * A gateway node asks for a value on behalf of a caller, whose own rights are then checked: the
   * node's right to relay, not to read.
   */
  RESOLVE_ON_BEHALF("resolve values on behalf of callers from", Role.GATEWAY_NODE);

  private final String phrase;
  private final Role leastRole;

  Action(String phrase, Role leastRole) {
    this.phrase = phrase;
    this.leastRole = leastRole;
  }

  /** How a message says it: "may not {phrase} payments/token". */
  public String phrase() {
    return phrase;
  }

  /** The least role that grants this action. */
  public Role leastRole() {
    return leastRole;
  }
}
