package io.keygate.vault.internal.store;

/**
 * A secret as a whole: which version is current, and whether (and until when) it is soft-deleted.
 */
public record SecretRow(
    String vault, String name, String currentVersion, long lastSeq, Long deletedAt, Long purgeAt) {
  public boolean deleted() {
    return deletedAt != null;
  }
}
