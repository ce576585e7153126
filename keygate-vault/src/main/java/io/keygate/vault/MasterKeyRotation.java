package io.keygate.vault;

/**
 * What a master-key rotation did.
 *
 * @param rewrappedDataKeys how many data keys were rewrapped under the new master key
 * @param unreadableDataKeys data keys that could not be unwrapped (tampered rows), left as they
 *     were; those versions stay unreadable
 */
public record MasterKeyRotation(int rewrappedDataKeys, int unreadableDataKeys) {}
