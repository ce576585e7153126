package io.keygate.vault.audit;

import java.util.Objects;

/**
 * An audit entry as the chain holds it.
 *
 * @param seq its position in the chain (1, 2, ... with no gaps); 0 for an entry written before the
 *     chain existed, whose hashes are then empty
 * @param entryId its id in the store
 * @param entry what it records (time at millisecond resolution, as stored)
 * @param previousHash the hash of the entry at {@code seq - 1} ({@link AuditChain#GENESIS} for the
 *     first)
 * @param hash its own hash, {@link AuditChain#hash}
 */
public record ChainedEntry(
    long seq, String entryId, AuditEntry entry, String previousHash, String hash) {
  public ChainedEntry {
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }
}
