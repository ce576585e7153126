package io.keygate.app.logging;

import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A console appender for high-volume JSON lines (the access log): lines collect in a 64 KiB buffer
 * of its own and reach the console a buffer at a time, at least every {@code flushMillis} (default
 * 1000) and when the appender stops, so a quiet node's lines still appear promptly, as nginx's
 * {@code access_log ... buffer= flush=} does. Only whole lines are ever written.
 *
 * <p>Its own buffer, because the JVM's {@code System.out} buffers only 128 bytes: every access-log
 * line (about 300 bytes) went past it as a {@code write} system call of its own, about 2 µs of the
 * gateway's CPU per proxied request. Flushing every line through logback cost more still (see
 * docs/BENCHMARKS.md).
 */
public class BufferedConsoleAppender<E> extends OutputStreamAppender<E> {
  static final int BUFFER_BYTES = 64 * 1024;

  private long flushMillis = 1000;
  private String target = "System.out";
  private ScheduledExecutorService flusher;

  /** {@code System.out} (the default) or {@code System.err}. */
  public void setTarget(String target) {
    if (!target.equals("System.out") && !target.equals("System.err")) {
      throw new IllegalArgumentException("target must be System.out or System.err: " + target);
    }
    this.target = target;
  }

  public void setFlushMillis(long flushMillis) {
    if (flushMillis <= 0) {
      throw new IllegalArgumentException("flushMillis must be positive");
    }
    this.flushMillis = flushMillis;
  }

  @Override
  public void start() {
    // The console stream as it is now (tests may have replaced it), never closed by us.
    PrintStream console = target.equals("System.err") ? System.err : System.out;
    setImmediateFlush(false);
    setOutputStream(new BufferedOutputStream(new KeptOpen(console), BUFFER_BYTES));
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

  /** Passes whole buffers through, and flushes instead of closing the console. */
  private static final class KeptOpen extends FilterOutputStream {
    KeptOpen(OutputStream console) {
      super(console);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
