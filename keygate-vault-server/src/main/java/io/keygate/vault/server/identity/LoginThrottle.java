package io.keygate.vault.server.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits how many credential checks may fail per client id and per remote address within a window,
 * for every login surface that checks a client secret or assertion (the token endpoint, Vault's
 * AppRole login). In memory and per node: each node of a cluster counts on its own.
 *
 * <p>Each attempt reserves one try from its client's bucket and from its address's bucket
 * <em>before</em> the credentials are checked, so a burst of concurrent guesses gets no more tries
 * than a sequence of them, and a refused attempt says nothing about the credentials it carried. A
 * success (or a failure that is not the caller's: a server error) gives the try back; a wrong
 * credential keeps it. Buckets refill greedily: after a client's budget of failures is spent, one
 * more try comes back every {@code window / failures}.
 *
 * <p>Failures of others do not lock a client out where it has signed in before: once a client has
 * signed in from an address, its attempts from there count in a bucket of their own (same budget)
 * for {@link #FAMILIAR_FOR}, so strangers spending the client's budget do not refuse it there; the
 * address's own budget still applies to everyone at that address.
 *
 * <p>Memory is bounded: buckets live in two caches of at most {@link Settings#maximumTracked()}
 * entries each, dropped after a window without use (a bucket untouched for a window is full again,
 * so dropping it loses nothing). Long client ids are tracked by their SHA-256. IPv6 addresses are
 * counted per /64, the block one host usually holds. Thread-safe and non-blocking: call it on the
 * event loop.
 */
public final class LoginThrottle {
  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  private static final int LONGEST_KEPT_ID = 128;

  /** How long an address where a client signed in stays familiar to that client. */
  public static final Duration FAMILIAR_FOR = Duration.ofDays(7);

  /**
   * How many failed credential checks are allowed per window.
   *
   * @param failuresPerClient failures per client id (role_id) within {@code window}
   * @param failuresPerAddress failures per remote address (IPv6: per /64) within {@code window}
   * @param window the window over which failures are counted; tries come back gradually within it
   * @param maximumTracked the most client ids, and the most addresses, tracked at once
   */
  public record Settings(
      int failuresPerClient, int failuresPerAddress, Duration window, long maximumTracked) {
    /** 10 failures per client id and 30 per address per minute; 100 000 of each tracked. */
    public static final Settings DEFAULTS = new Settings(10, 30, Duration.ofMinutes(1), 100_000);

    public Settings {
      Objects.requireNonNull(window, "window");
      if (failuresPerClient < 1 || failuresPerAddress < 1) {
        throw new IllegalArgumentException("failures per client and per address must be >= 1");
      }
      if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("the window must be between 1s and 1d");
      }
      if (maximumTracked < 1) {
        throw new IllegalArgumentException("maximumTracked must be >= 1");
      }
    }
  }

  private final Settings settings;
  private final TimeMeter time;
  private final Cache<String, Bucket> clients;
  private final Cache<String, Bucket> addresses;
  private final Cache<String, Boolean> familiar;

  private LoginThrottle(Settings settings, Clock clock) {
    this.settings = settings;
    this.time = new ClockTime(clock);
    this.clients = cache(settings, time);
    this.addresses = cache(settings, time);
    this.familiar =
        Caffeine.newBuilder()
            .maximumSize(settings.maximumTracked())
            .expireAfterWrite(FAMILIAR_FOR)
            .ticker(time::currentTimeNanos)
            .executor(Runnable::run)
            .build();
  }

  /** A throttle with {@code settings}, whose windows run on {@code clock}. */
  public static LoginThrottle create(Settings settings, Clock clock) {
    return new LoginThrottle(
        Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock, "clock"));
  }

  /** The defaults on the system clock. */
  public static LoginThrottle defaults() {
    return create(Settings.DEFAULTS, Clock.systemUTC());
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Reserves one try for a login by {@code clientId} (null when the request names none) from {@code
   * address} (the peer's IP address as text). Check {@link Attempt#refused()} before looking at the
   * credentials; then call {@link Attempt#failed()}, {@link Attempt#succeeded()} or {@link
   * Attempt#release()}.
   */
  public Attempt attempt(String clientId, String address) {
    String peerKey = addressKey(address);
    String pair = clientId == null ? null : clientKey(clientId) + " @" + peerKey;
    Bucket client = null;
    if (clientId != null) {
      String key = familiar.getIfPresent(pair) != null ? pair : clientKey(clientId);
      client = clients.get(key, k -> bucket(true));
      ConsumptionProbe probe = client.tryConsumeAndReturnRemaining(1);
      if (!probe.isConsumed()) {
        return Attempt.refused(probe.getNanosToWaitForRefill(), clientId);
      }
    }
    Bucket peer = addresses.get(peerKey, k -> bucket(false));
    ConsumptionProbe probe = peer.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      if (client != null) {
        client.addTokens(1);
      }
      return Attempt.refused(probe.getNanosToWaitForRefill(), clientId);
    }
    return new Attempt(this, clientId, address, pair, client, peer);
  }

  private Bucket bucket(boolean perClient) {
    int failures = perClient ? settings.failuresPerClient() : settings.failuresPerAddress();
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(failures).refillGreedy(failures, settings.window()))
        .withCustomTimePrecision(time)
        .build();
  }

  private static Cache<String, Bucket> cache(Settings settings, TimeMeter time) {
    return Caffeine.newBuilder()
        .maximumSize(settings.maximumTracked())
        .expireAfterAccess(settings.window())
        .ticker(time::currentTimeNanos)
        // Evictions run on the calling thread: cheap, and the bound holds at once.
        .executor(Runnable::run)
        .build();
  }

  /** How many client ids and addresses are tracked now. */
  long tracked() {
    clients.cleanUp();
    addresses.cleanUp();
    familiar.cleanUp();
    return clients.estimatedSize() + addresses.estimatedSize() + familiar.estimatedSize();
  }

  /**
   * A client id as logs may show it: at most 128 characters, control characters replaced, since it
   * is whatever the caller sent (no forged log lines).
   */
  public static String printable(String text) {
    if (text == null) {
      return "-";
    }
    String cut = text.length() > LONGEST_KEPT_ID ? text.substring(0, LONGEST_KEPT_ID) + "…" : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /** The client id itself, or for an overlong one its SHA-256, so keys stay small. */
  static String clientKey(String clientId) {
    if (clientId.length() <= LONGEST_KEPT_ID) {
      return clientId;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(clientId.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** The address as text; an IPv6 address reduced to its /64, which one host usually holds. */
  static String addressKey(String address) {
    if (address == null || address.isEmpty()) {
      return "unknown";
    }
    if (address.indexOf(':') < 0) {
      return address;
    }
    try {
      // Text with a colon is parsed as an IPv6 literal, never looked up as a name; an
      // IPv4-mapped address comes back as IPv4.
      byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
      if (bytes.length == 4) {
        return java.net.InetAddress.getByAddress(bytes).getHostAddress();
      }
      return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    } catch (java.net.UnknownHostException e) {
      return address.length() <= LONGEST_KEPT_ID ? address : clientKey(address);
    }
  }

  /**
   * One reserved try, or a refusal. Not thread-safe; used by the one request it belongs to, and
   * ended once.
   */
  public static final class Attempt {
    private final long waitNanos;
    private final LoginThrottle owner;
    private final String clientId;
    private final String address;
    private final String pair;
    private final Bucket client;
    private final Bucket peer;

    private Attempt(
        LoginThrottle owner,
        String clientId,
        String address,
        String pair,
        Bucket client,
        Bucket peer) {
      this.waitNanos = 0;
      this.owner = owner;
      this.clientId = clientId;
      this.address = address;
      this.pair = pair;
      this.client = client;
      this.peer = peer;
    }

    private Attempt(long waitNanos) {
      this.waitNanos = Math.max(1, waitNanos);
      this.owner = null;
      this.clientId = null;
      this.address = null;
      this.pair = null;
      this.client = null;
      this.peer = null;
    }

    private static Attempt refused(long waitNanos, String clientId) {
      LOG.debug("login attempt for client {} refused: too many failures", printable(clientId));
      return new Attempt(waitNanos);
    }

    /** Whether the attempt must be answered 429 without looking at its credentials. */
    public boolean refused() {
      return waitNanos > 0;
    }

    /** How long until a refused attempt may be made again (zero for an allowed one). */
    public Duration retryAfter() {
      return Duration.ofNanos(waitNanos);
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, for a {@code Retry-After} header. */
    public long retryAfterSeconds() {
      return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** The credentials were wrong: the try stays spent. */
    public void failed() {
      if (refused()) {
        return;
      }
      if (client != null && client.getAvailableTokens() < 1) {
        LOG.warn(
            "client {} has used up its failed sign-ins for now; further attempts get 429",
            printable(clientId));
      }
      if (peer.getAvailableTokens() < 1) {
        LOG.warn(
            "address {} has used up its failed sign-ins for now; further attempts get 429",
            printable(address));
      }
    }

    /**
     * The credentials were right: the try is given back, and this address becomes familiar to the
     * client (failures of strangers no longer refuse it here).
     */
    public void succeeded() {
      if (refused()) {
        return;
      }
      release();
      if (pair != null) {
        owner.familiar.put(pair, Boolean.TRUE);
      }
    }

    /** The check failed for a reason not the caller's (a server error): the try is given back. */
    public void release() {
      if (refused()) {
        return;
      }
      if (client != null) {
        client.addTokens(1);
      }
      peer.addTokens(1);
    }
  }

  /** Bucket4j's and Caffeine's time, read from a {@link Clock} so that tests can move it. */
  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      java.time.Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
