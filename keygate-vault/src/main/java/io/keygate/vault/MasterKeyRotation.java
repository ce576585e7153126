package io.keygate.vault;

/**
 * What a master-key rotation did.
 *
 * @param rewrappedDataKeys how many data keys were rewrapped under the new master key
 */
public record MasterKeyRotation(int rewrappedDataKeys) {}
