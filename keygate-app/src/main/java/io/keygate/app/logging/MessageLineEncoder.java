package io.keygate.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * Encodes an event as its message and a newline, in UTF-8: what {@code <pattern>%msg%n</pattern>}
 * writes, for loggers whose messages are complete lines already (the access log and the audit trail
 * are JSON lines). It skips the pattern layout's buffer and the copies it makes: the access log
 * writes a line per proxied request, so this is on the gateway's hot path.
 */
public class MessageLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NOTHING = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message == null) {
      return new byte[] {'\n'};
    }
    int n = message.length();
    byte[] line = new byte[n + 1];
    for (int i = 0; i < n; i++) {
      char c = message.charAt(i);
      if (c >= 0x80) {
        return withNewline(message.getBytes(StandardCharsets.UTF_8));
      }
      line[i] = (byte) c;
    }
    line[n] = '\n';
    return line;
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }

  private static byte[] withNewline(byte[] utf8) {
    byte[] line = java.util.Arrays.copyOf(utf8, utf8.length + 1);
    line[utf8.length] = '\n';
    return line;
  }
}
