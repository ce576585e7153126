package io.keygate.vault.audit;

import io.keygate.vault.audit.ChainVerification.Broken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * Walks chained entries in seq order and stops at the first break: a gap in the positions (an entry
 * removed), a previous hash that is not the hash of the entry before (entries reordered or
 * replaced), or a hash that does not match the entry (an entry altered). Not thread-safe: one walk
 * per verification.
 */
public final class ChainWalk {
  private final Optional<Instant> since;
  private long expectedSeq;
  private String expectedPrevious;
  private long checked;
  private Broken broken;
  private Instant lastTime = Instant.EPOCH;

  /**
   * A walk from position {@code firstSeq}, whose previous hash must be {@code expectedPrevious}
   * (the hash of the entry before it, or {@link AuditChain#GENESIS} at position 1).
   */
  public ChainWalk(long firstSeq, String expectedPrevious, Optional<Instant> since) {
    this.expectedSeq = firstSeq;
    this.expectedPrevious = expectedPrevious;
    this.since = since;
  }

  /** Checks the next entry; returns false once the chain is broken (stop feeding it then). */
  public boolean accept(ChainedEntry entry) {
    if (broken != null) {
      return false;
    }
    if (entry.seq() != expectedSeq) {
      return fail(
          entry,
          "entry at seq "
              + expectedSeq
              + (entry.seq() > expectedSeq ? " is missing (removed?)" : " appears twice"));
    }
    if (!same(entry.previousHash(), expectedPrevious)) {
      return fail(entry, "its previous hash is not the hash of the entry before it");
    }
    if (!AuditChain.matches(entry)) {
      return fail(entry, "its content does not match its hash (altered?)");
    }
    checked++;
    expectedSeq++;
    expectedPrevious = entry.hash();
    lastTime = entry.entry().time();
    return true;
  }

  /**
   * Ends the walk against the chain's head (the last position and hash the store says it wrote):
   * entries removed from the end show up here.
   */
  public ChainVerification finish(long headSeq, String headHash, long unchained) {
    if (broken == null && (headSeq != expectedSeq - 1 || !same(headHash, expectedPrevious))) {
      broken =
          new Broken(
              "",
              expectedSeq,
              lastTime,
              "the chain's head is at seq "
                  + headSeq
                  + " but the entries end at seq "
                  + (expectedSeq - 1)
                  + " (entries removed from the end, or the head altered)");
    }
    return new ChainVerification(
        checked, unchained, since, expectedSeq - 1, expectedPrevious, Optional.ofNullable(broken));
  }

  private boolean fail(ChainedEntry entry, String reason) {
    broken = new Broken(entry.entryId(), entry.seq(), entry.entry().time(), reason);
    return false;
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
