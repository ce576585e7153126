package io.keygate.gateway.chain;

import io.vertx.core.http.HttpHeaders;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: a client's {@code X-Request-Id} is kept when it is sane (1 to 128 characters of
 * letters, digits and {@code - _ . :}), so traces join up across services; otherwise the gateway
 * makes a random 128-bit one.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";

  /** {@link #HEADER} as a header name with its hash computed once, for the per-request lookups. */
  public static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  public static String acceptOrGenerate(String fromClient) {
    return fromClient != null && sane(fromClient) ? fromClient : generate();
  }

  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[32];
    long hi = random.nextLong();
    long lo = random.nextLong();
    for (int i = 0; i < 16; i++) {
      id[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
      id[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
    }
    return new String(id);
  }

  static boolean sane(String id) {
    int n = id.length();
    if (n == 0 || n > 128) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
