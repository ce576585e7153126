package io.keygate.app.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Stops logging, which flushes the buffered appenders (the access log and audit lines), once
 * nothing is left to log. Called at the end of {@code main} and at the end of the shutdown hooks of
 * {@code serve} and {@code demo}, after the node has drained its requests: logback's own shutdown
 * hook would run beside ours, concurrently, and stop the appenders while requests in flight still
 * finish and log.
 */
public final class Logging {
  private Logging() {}

  /** Flushes and stops every appender; later log calls are dropped. Safe to call twice. */
  public static void stop() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context && context.isStarted()) {
      context.stop();
    }
  }
}
