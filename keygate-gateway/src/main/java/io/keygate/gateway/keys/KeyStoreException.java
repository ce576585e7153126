package io.keygate.gateway.keys;

/** The key store could not be read or written. The message names a key id at most, never a key. */
public final class KeyStoreException extends RuntimeException {
  public KeyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
