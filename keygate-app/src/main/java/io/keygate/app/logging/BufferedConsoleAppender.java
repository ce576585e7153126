package io.keygate.app.logging;

import ch.qos.logback.core.ConsoleAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A console appender for high-volume JSON lines (the access log): lines are buffered instead of
 * flushed one system call each, and the buffer is flushed at least every {@code flushMillis}
 * (default 1000) and when the appender stops, so a quiet node's lines still appear promptly, as
 * nginx's {@code access_log ... flush=} does.
 *
 * <p>Measured with the load harness on one core: flushing every line cost about 17 µs of CPU per
 * proxied request, more than the rest of the keyless request path.
 */
public class BufferedConsoleAppender<E> extends ConsoleAppender<E> {
  private long flushMillis = 1000;
  private ScheduledExecutorService flusher;

  public void setFlushMillis(long flushMillis) {
    if (flushMillis <= 0) {
      throw new IllegalArgumentException("flushMillis must be positive");
    }
    this.flushMillis = flushMillis;
  }

  @Override
  public void start() {
    setImmediateFlush(false);
    super.start();
    flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("keygate-log-flush").unstarted(r));
    flusher.scheduleWithFixedDelay(this::flushNow, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (flusher != null) {
      flusher.shutdownNow();
    }
    flushNow();
    super.stop();
  }

  private void flushNow() {
    streamWriteLock.lock();
    try {
      OutputStream out = getOutputStream();
      if (out != null) {
        out.flush();
      }
    } catch (IOException e) {
      addError("could not flush the console", e);
    } finally {
      streamWriteLock.unlock();
    }
  }
}
