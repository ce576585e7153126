package io.keygate.vault.internal;

import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultOptions;

/** Wires store, barrier and service together. */
public final class VaultFactory {
  private VaultFactory() {}

  public static SecretVault open(VaultOptions options) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
