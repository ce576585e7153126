package io.keygate.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MessageLineEncoderTest {
  private final LoggerContext context = new LoggerContext();

  private LoggingEvent event(String message, Object... args) {
    return new LoggingEvent(
        "fqcn", context.getLogger("keygate.access"), Level.INFO, message, null, args);
  }

  @Property
  void anyMessage_isEncodedExactlyAsThePatternMsgNewline(@ForAll String message) {
    PatternLayoutEncoder pattern = new PatternLayoutEncoder();
    pattern.setContext(context);
    pattern.setPattern("%msg%n");
    pattern.start();
    MessageLineEncoder encoder = new MessageLineEncoder();
    encoder.setContext(context);
    encoder.start();

    LoggingEvent e = event(message);

    assertThat(encoder.encode(e)).isEqualTo(pattern.encode(e));
  }

  @Test
  void argumentsAreFormattedAndNonAsciiIsUtf8() {
    MessageLineEncoder encoder = new MessageLineEncoder();

    assertThat(encoder.encode(event("{\"api\":\"{}\"}", "caf\u00e9")))
        .isEqualTo("{\"api\":\"caf\u00e9\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(encoder.headerBytes()).isEmpty();
    assertThat(encoder.footerBytes()).isEmpty();
  }
}
