package io.keygate.vault.rbac;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a role assignment applies: everywhere ({@code *}), one vault ({@code payments}, also
 * written {@code payments/*}) or one secret ({@code payments/upstream-token}). Vault names match
 * exactly; secret names match regardless of case, as the vault's names do, so a secret scope is
 * kept in lower case.
 *
 * @param vault the vault, or empty for {@code *}
 * @param name the secret (lower case), or empty for a whole vault
 */
public record Scope(Optional<String> vault, Optional<String> name) {
  /** Everywhere. */
  public static final Scope ALL = new Scope(Optional.empty(), Optional.empty());

  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

  public Scope {
    if (vault.isEmpty() && name.isPresent()) {
      throw new IllegalArgumentException("a secret scope needs a vault");
    }
    name = name.map(n -> n.toLowerCase(Locale.ROOT));
  }

  /** Parses {@code *}, {@code vault}, {@code vault/*} or {@code vault/name}. */
  public static Scope parse(String text) {
    if ("*".equals(text)) {
      return ALL;
    }
    String problem =
        "scope '"
            + (text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text)
            + "' is invalid: use *, a vault (payments) or one secret (payments/upstream-token)";
    if (text == null) {
      throw new IllegalArgumentException(problem);
    }
    int slash = text.indexOf('/');
    String vault = slash < 0 ? text : text.substring(0, slash);
    if (!NAME.matcher(vault).matches()) {
      throw new IllegalArgumentException(problem);
    }
    if (slash < 0 || text.substring(slash + 1).equals("*")) {
      return new Scope(Optional.of(vault), Optional.empty());
    }
    String name = text.substring(slash + 1);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(problem);
    }
    return new Scope(Optional.of(vault), Optional.of(name));
  }

  /** A whole vault. */
  public static Scope vault(String vault) {
    return new Scope(Optional.of(vault), Optional.empty());
  }

  /** One secret. */
  public static Scope secret(String vault, String name) {
    return new Scope(Optional.of(vault), Optional.of(name));
  }

  /**
   * Whether this scope covers the resource {@code vault/name}; {@code vault} null means the whole
   * store, {@code name} null a whole vault. A narrower scope never covers a wider resource.
   */
  public boolean covers(String vault, String name) {
    if (this.vault.isEmpty()) {
      return true;
    }
    if (vault == null || !this.vault.get().equals(vault)) {
      return false;
    }
    if (this.name.isEmpty()) {
      return true;
    }
    return name != null && this.name.get().equalsIgnoreCase(name);
  }

  @Override
  public String toString() {
    if (vault.isEmpty()) {
      return "*";
    }
    return name.map(n -> vault.get() + "/" + n).orElse(vault.get());
  }
}
