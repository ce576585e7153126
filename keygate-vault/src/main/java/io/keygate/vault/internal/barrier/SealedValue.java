package io.keygate.vault.internal.barrier;

/**
 * A value as stored: its data key wrapped by the master key, and the value sealed by the data key.
 * Both are bound to the value's {@link SecretAddress}.
 */
public record SealedValue(byte[] wrappedKey, byte[] ciphertext) {}
