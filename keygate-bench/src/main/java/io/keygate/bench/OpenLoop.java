package io.keygate.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop load generator: sends GET requests at a fixed rate, whatever the server's speed, and
 * measures each request's latency from the moment it was <em>due</em>, not from when a connection
 * became free. A closed-loop tool such as wrk sends the next request only when one returns, so a
 * slower server is offered less load and its latency figures mostly restate its throughput; at a
 * fixed offered rate two proxies are compared on the same work, and queueing behind a pause counts
 * against the server that paused (no coordinated omission).
 *
 * <p>Usage: {@code OpenLoop URL RATE SECONDS CONNECTIONS [HEADER]}, with HEADER as {@code "Name:
 * value"}. Prints one line: {@code requests p50_us p99_us p999_us max_us non2xx errors}. A
 * three-second warm-up at the same rate comes first and is not counted. Loopback benchmarks only;
 * it stops by itself after the warm-up, SECONDS, and at most ten seconds of draining.
 */
public final class OpenLoop {
  private static final int WARM_UP_SECONDS = 3;

  private OpenLoop() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4 || args.length > 5) {
      System.err.println("usage: OpenLoop URL RATE SECONDS CONNECTIONS [HEADER]");
      System.exit(2);
    }
    URI url = URI.create(args[0]);
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int connections = Integer.parseInt(args[3]);
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(url.getHost())
            .setPort(url.getPort())
            .setURI(url.getRawPath().isEmpty() ? "/" : url.getRawPath());
    if (args.length == 5) {
      int colon = args[4].indexOf(':');
      request.putHeader(args[4].substring(0, colon).strip(), args[4].substring(colon + 1).strip());
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setPipelining(false),
            new PoolOptions().setHttp1MaxSize(connections));
    try {
      // Warm up the generator itself (class loading, JIT, connections) at the same rate; a cold
      // JVM would otherwise charge its own first second to the server.
      run(vertx, client, request, rate, WARM_UP_SECONDS);
      Result result = run(vertx, client, request, rate, seconds);
      System.out.println(result);
    } finally {
      client.close().await();
      vertx.close().await();
    }
  }

  private static Result run(
      Vertx vertx, HttpClient client, RequestOptions request, int rate, int seconds)
      throws InterruptedException {
    int total = Math.multiplyExact(rate, seconds);
    long[] latencies = new long[total];
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    AtomicInteger completed = new AtomicInteger();
    AtomicLong non2xx = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch finished = new CountDownLatch(1);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    int[] next = {0};
    // A 1 ms tick sends every request that has fallen due; latency is measured from the due time.
    vertx.setPeriodic(
        1,
        timer -> {
          long now = System.nanoTime();
          while (next[0] < total && start + next[0] * interval <= now) {
            int i = next[0]++;
            long due = start + i * interval;
            client
                .request(request)
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(body -> resp.statusCode()))
                .onComplete(
                    done -> {
                      latencies[i] = System.nanoTime() - due;
                      if (done.failed()) {
                        errors.incrementAndGet();
                      } else if (done.result() / 100 != 2) {
                        non2xx.incrementAndGet();
                      }
                      if (completed.incrementAndGet() == total) {
                        finished.countDown();
                      }
                    });
          }
          if (next[0] == total) {
            vertx.cancelTimer(timer);
          }
        });
    if (!finished.await(seconds + 10L, TimeUnit.SECONDS)) {
      errors.addAndGet(total - completed.get());
    }
    long[] sorted = Arrays.copyOf(latencies, completed.get());
    Arrays.sort(sorted);
    return new Result(sorted, non2xx.get(), errors.get());
  }

  private record Result(long[] sorted, long non2xx, long errors) {
    long percentileMicros(double p) {
      if (sorted.length == 0) {
        return -1;
      }
      int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
      return TimeUnit.NANOSECONDS.toMicros(sorted[Math.max(0, index)]);
    }

    @Override
    public String toString() {
      return sorted.length
          + " "
          + percentileMicros(50)
          + " "
          + percentileMicros(99)
          + " "
          + percentileMicros(99.9)
          + " "
          + percentileMicros(100)
          + " "
          + non2xx
          + " "
          + errors;
    }
  }
}
