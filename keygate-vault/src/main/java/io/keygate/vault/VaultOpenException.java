package io.keygate.vault;

/**
 * The vault could not be opened: the master key does not match the data, the key is missing or
 * malformed, or the store is unreadable (e.g. a corrupt database file). Nothing was changed. The
 * message says what to do; it never contains key material.
 */
public final class VaultOpenException extends RuntimeException {
  public VaultOpenException(String message, Throwable cause) {
    super(message, cause);
  }

  public VaultOpenException(String message) {
    super(message);
  }
}
