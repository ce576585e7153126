package io.keygate.gateway.keys;

import io.keygate.gateway.chain.Identity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One key in memory. Immutable except for the last-used bookkeeping. */
final class KeyEntry {
  final ApiKeyInfo info;
  final byte[] hash;
  final boolean revoked;
  final long expiresMs;
  final KeyVerification accepted;
  volatile long lastUsedMs;
  volatile long flushedLastUsedMs;

  KeyEntry(StoredKey stored) {
    this(stored.info(), stored.hash());
  }

  KeyEntry(ApiKeyInfo info, byte[] hash) {
    this.info = info;
    this.hash = hash;
    this.revoked = info.revoked() != null;
    this.expiresMs = info.expires() == null ? Long.MAX_VALUE : info.expires().toEpochMilli();
    this.accepted =
        new KeyVerification(
            KeyVerification.Outcome.ACCEPTED,
            new Identity(List.of("key:" + info.id()), info.consumer(), info.policy(), Map.of()));
    long stored = info.lastUsed() == null ? 0 : info.lastUsed().toEpochMilli();
    this.lastUsedMs = stored;
    this.flushedLastUsedMs = stored;
  }

  KeyEntry withInfo(ApiKeyInfo changed) {
    KeyEntry e = new KeyEntry(changed, hash);
    e.lastUsedMs = Math.max(e.lastUsedMs, lastUsedMs);
    e.flushedLastUsedMs = Math.max(e.flushedLastUsedMs, flushedLastUsedMs);
    return e;
  }

  /** Revocation is permanent: a stale read from the database never un-revokes a key. */
  KeyEntry mergedWith(KeyEntry fromStore) {
    if (sameExceptLastUsed(fromStore.info)) {
      // Unchanged: keep this entry (and the identity objects the hot path hands out).
      lastUsedMs = Math.max(lastUsedMs, fromStore.lastUsedMs);
      flushedLastUsedMs = Math.max(flushedLastUsedMs, fromStore.flushedLastUsedMs);
      return this;
    }
    ApiKeyInfo merged = fromStore.info;
    if (revoked && merged.revoked() == null) {
      merged = merged.withRevoked(info.revoked());
    }
    KeyEntry e = new KeyEntry(merged, hash);
    e.lastUsedMs = Math.max(lastUsedMs, fromStore.lastUsedMs);
    e.flushedLastUsedMs = Math.max(flushedLastUsedMs, fromStore.flushedLastUsedMs);
    return e;
  }

  private boolean sameExceptLastUsed(ApiKeyInfo other) {
    return other.withLastUsed(null).equals(info.withLastUsed(null))
        || (revoked
            && other.revoked() == null
            && other
                .withRevoked(info.revoked())
                .withLastUsed(null)
                .equals(info.withLastUsed(null)));
  }

  ApiKeyInfo currentInfo() {
    long used = lastUsedMs;
    return used == 0 ? info : info.withLastUsed(Instant.ofEpochMilli(used));
  }
}
