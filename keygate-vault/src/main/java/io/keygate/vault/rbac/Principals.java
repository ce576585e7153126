package io.keygate.vault.rbac;

import java.util.regex.Pattern;

/**
 * The syntax of principals: {@code user:<subject>}, {@code group:<name>}, {@code app:<client-id>},
 * {@code key:<key-id>}, {@code service:<name>} (a node or tool acting for itself) and the vault's
 * own {@code admin} (the admin token), which acts as {@code vault-admin} everywhere without an
 * assignment.
 */
public final class Principals {
  /** The principal of the admin token. */
  public static final String ADMIN = "admin";

  private static final Pattern PRINCIPAL =
      Pattern.compile("(user|group|app|key|service):[\\x21-\\x7e&&[^,]]{1,256}");

  private Principals() {}

  /** Whether {@code principal} is well formed. */
  public static boolean isValid(String principal) {
    return principal != null && (ADMIN.equals(principal) || PRINCIPAL.matcher(principal).matches());
  }

  /** Returns {@code principal}, or throws an {@link IllegalArgumentException} saying why not. */
  public static String requireValid(String principal) {
    if (!isValid(principal)) {
      String shown =
          principal == null
              ? "(missing)"
              : "'"
                  + (principal.length() > 100 ? principal.substring(0, 100) + "..." : principal)
                  + "'";
      throw new IllegalArgumentException(
          "principal "
              + shown
              + " is invalid: use user:<id>, group:<name>, app:<client-id>, key:<id>,"
              + " service:<name> or admin (1 to 256 printable characters after the colon, no"
              + " spaces or commas)");
    }
    return principal;
  }
}
