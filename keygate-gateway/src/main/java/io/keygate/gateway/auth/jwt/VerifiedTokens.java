package io.keygate.gateway.auth.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.keygate.gateway.chain.Identity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;

/**
 * The identities of tokens this API has already verified, until each token expires: a caller reuses
 * one access token for its whole lifetime, and a hit costs a SHA-256 instead of a JSON parse and a
 * signature check (several times cheaper for RS256, far more for ES256; see docs/BENCHMARKS.md).
 * Only successes are kept. Entries are keyed by the token's SHA-256, so the cache holds no
 * credential, and an entry stops counting when its expiry (plus skew) passes or when the key that
 * verified it is no longer in the issuer's key set.
 */
final class VerifiedTokens {
  /**
   * A verified token: whom it names, where its key came from, the key set and key id it was
   * verified with, and until when it is valid (expiry plus skew).
   */
  record Entry(
      Identity identity, KeySource source, KeySet keys, String kid, long validUntilMillis) {

    /** Still trustworthy: the key set is the same, or still holds the key id that verified it. */
    boolean keyStillPublished() {
      KeySet now = source.current();
      return now == keys || (kid != null && now.hasKid(kid));
    }
  }

  private final Cache<ByteBuffer, Entry> cache;

  VerifiedTokens(int maxEntries) {
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .executor(Runnable::run)
            .expireAfter(
                new Expiry<ByteBuffer, Entry>() {
                  @Override
                  public long expireAfterCreate(ByteBuffer key, Entry e, long now) {
                    long millis = e.validUntilMillis() - System.currentTimeMillis();
                    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
                  }

                  @Override
                  public long expireAfterUpdate(ByteBuffer key, Entry e, long now, long current) {
                    return expireAfterCreate(key, e, now);
                  }

                  @Override
                  public long expireAfterRead(ByteBuffer key, Entry e, long now, long current) {
                    return current;
                  }
                })
            .build();
  }

  static ByteBuffer keyOf(String token) {
    try {
      return ByteBuffer.wrap(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** The identity of a token verified before and still valid, else null. */
  Identity lookup(ByteBuffer key, long nowMillis) {
    Entry e = cache.getIfPresent(key);
    if (e == null) {
      return null;
    }
    // The expiry timer is coarse; the exact check is here. A key rotated out of the JWKS takes
    // the tokens it verified with it.
    if (nowMillis > e.validUntilMillis() || !e.keyStillPublished()) {
      cache.invalidate(key);
      return null;
    }
    return e.identity();
  }

  void remember(ByteBuffer key, Entry entry) {
    cache.put(key, entry);
  }
}
