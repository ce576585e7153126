package io.keygate.gateway.proxy;

import io.keygate.gateway.config.UpstreamUrl;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets of one API, used round robin. Health is passive: a target that refuses a connection
 * or times out is skipped for {@link #COOLDOWN_NANOS}; when every target is down they are tried
 * anyway, since an answer from a recovering target beats a certain 502.
 */
public final class UpstreamPool {
  static final long COOLDOWN_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final Logger log = LoggerFactory.getLogger(UpstreamPool.class);

  private final Target[] targets;
  private final AtomicInteger next = new AtomicInteger();

  /** One upstream server: where to connect and the base path requests are appended to. */
  public static final class Target {
    final String url;
    final String host;
    final int port;
    final boolean ssl;
    final String basePath;
    final String authority;
    volatile long downUntil;

    Target(String url) {
      UpstreamUrl uri;
      try {
        uri = UpstreamUrl.parse(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a URL: " + url, e);
      }
      this.url = url;
      this.ssl = "https".equals(uri.scheme());
      this.host = uri.host();
      this.port = uri.port() > 0 ? uri.port() : ssl ? 443 : 80;
      String path = uri.rawPath() == null ? "" : uri.rawPath();
      this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      this.authority = uri.port() > 0 ? host + ":" + port : host;
    }

    public String url() {
      return url;
    }

    boolean up(long now) {
      long d = downUntil;
      return d == 0 || d - now <= 0;
    }
  }

  public UpstreamPool(List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("an upstream needs at least one target");
    }
    this.targets = urls.stream().map(Target::new).toArray(Target[]::new);
  }

  /** The next target round robin, skipping those marked down while any is up. */
  public Target pick() {
    if (targets.length == 1) {
      return targets[0];
    }
    int start = Math.floorMod(next.getAndIncrement(), targets.length);
    long now = System.nanoTime();
    for (int k = 0; k < targets.length; k++) {
      Target t = targets[(start + k) % targets.length];
      if (t.up(now)) {
        return t;
      }
    }
    return targets[start];
  }

  /** A healthy target other than {@code failed}, or null: where to retry a refused connection. */
  public Target alternative(Target failed) {
    long now = System.nanoTime();
    for (Target t : targets) {
      if (t != failed && t.up(now)) {
        return t;
      }
    }
    return null;
  }

  public void failed(Target target) {
    if (targets.length > 1) {
      if (target.downUntil == 0) {
        log.warn("Upstream {} failed; skipping it for 10s", target.url);
      }
      target.downUntil = System.nanoTime() + COOLDOWN_NANOS | 1;
    }
  }

  public void succeeded(Target target) {
    if (target.downUntil != 0) {
      target.downUntil = 0;
    }
  }

  public int size() {
    return targets.length;
  }
}
