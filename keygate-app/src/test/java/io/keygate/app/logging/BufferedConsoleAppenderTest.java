package io.keygate.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BufferedConsoleAppenderTest {
  private final PrintStream original = System.out;
  private final ByteArrayOutputStream visible = new ByteArrayOutputStream();
  private final LoggerContext context = new LoggerContext();
  private BufferedConsoleAppender<ILoggingEvent> appender;

  @BeforeEach
  void captureStdout() {
    // Like the real stdout: bytes reach the terminal only when the stream is flushed.
    System.setOut(new PrintStream(new BufferedOutputStream(visible, 8192), false));
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    appender = new BufferedConsoleAppender<>();
    appender.setName("json-lines");
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setFlushMillis(200);
  }

  @AfterEach
  void restoreStdout() {
    appender.stop();
    System.setOut(original);
  }

  private String shown() {
    return visible.toString(StandardCharsets.UTF_8);
  }

  private void append(String message) {
    ch.qos.logback.classic.Logger logger = context.getLogger("keygate.access");
    if (logger.getAppender(appender.getName()) == null) {
      logger.setAdditive(false);
      logger.addAppender(appender);
    }
    logger.info(message);
  }

  @Test
  void lines_areNotFlushedOneByOne_butAppearWithinTheFlushInterval() {
    appender.start();

    append("{\"requestId\":\"a\"}");

    assertThat(shown()).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> shown().equals("{\"requestId\":\"a\"}\n"));
  }

  @Test
  void aConsoleWithTheJvmsSmallBuffer_getsOneWritePerBuffer_notOnePerLine() {
    // The JVM's own System.out: a 128-byte buffer that every longer line goes straight past.
    AtomicInteger writes = new AtomicInteger();
    OutputStream console =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes.incrementAndGet();
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            visible.write(b, off, len);
          }
        };
    System.setOut(new PrintStream(new BufferedOutputStream(console, 128), true));
    appender.setFlushMillis(60_000);
    appender.start();
    String line = "{\"requestId\":\"" + "x".repeat(280) + "\"}";

    for (int i = 0; i < 100; i++) {
      append(line);
    }
    appender.stop();

    assertThat(shown()).isEqualTo((line + "\n").repeat(100));
    assertThat(writes.get()).as("write calls reaching the console").isLessThanOrEqualTo(2);
  }

  @Test
  void stopping_flushesWhatIsBuffered() {
    appender.setFlushMillis(60_000);
    appender.start();
    append("last line");

    appender.stop();

    context
        .getStatusManager()
        .getCopyOfStatusList()
        .forEach(s -> System.err.println("STATUS " + s));
    assertThat(shown()).isEqualTo("last line\n");
  }
}
