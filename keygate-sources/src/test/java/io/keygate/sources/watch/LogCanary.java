package io.keygate.sources.watch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the JVM at DEBUG while open, so a test can check that a planted
 * canary value shows up in none of them (message, arguments or stack trace).
 */
public final class LogCanary implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level before;

  public LogCanary() {
    before = root.getLevel();
    root.setLevel(Level.DEBUG);
    appender.start();
    root.addAppender(appender);
  }

  /** The captured lines that contain {@code canary}. */
  public List<String> linesContaining(String canary) {
    return appender.list.stream()
        .map(
            event ->
                event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                        ? ""
                        : " " + ThrowableProxyUtil.asString(event.getThrowableProxy())))
        .filter(line -> line.contains(canary))
        .toList();
  }

  /** How many events were captured (to show the check saw something). */
  public int captured() {
    return appender.list.size();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(before);
  }
}
