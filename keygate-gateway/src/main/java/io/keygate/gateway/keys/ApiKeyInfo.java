package io.keygate.gateway.keys;

import java.time.Instant;

/**
 * What is known about an API key besides the key itself: safe to list, log and return.
 *
 * @param id the key's public id (the middle part of {@code kg_<id>_<secret>})
 * @param alias a consumer name chosen at creation, or null
 * @param policy the policy the key carries
 * @param created when the key was created
 * @param expires when it stops being accepted, or null for never
 * @param lastUsed when it was last accepted (written behind, so up to a few seconds old), or null
 * @param revoked when it was revoked, or null
 */
public record ApiKeyInfo(
    String id,
    String alias,
    String policy,
    Instant created,
    Instant expires,
    Instant lastUsed,
    Instant revoked) {

  /** The name the access log and rate limits use: the alias, or the id when there is none. */
  public String consumer() {
    return alias == null || alias.isBlank() ? id : alias;
  }

  public boolean isExpiredAt(Instant now) {
    return expires != null && !now.isBefore(expires);
  }

  public ApiKeyInfo withLastUsed(Instant when) {
    return new ApiKeyInfo(id, alias, policy, created, expires, when, revoked);
  }

  public ApiKeyInfo withRevoked(Instant when) {
    return new ApiKeyInfo(id, alias, policy, created, expires, lastUsed, when);
  }
}
