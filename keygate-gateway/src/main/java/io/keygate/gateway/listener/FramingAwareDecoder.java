package io.keygate.gateway.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's HTTP/1.x request decoder, made to report two framing shapes that Netty silently repairs:
 * a request with both {@code Content-Length} and {@code Transfer-Encoding} (Netty drops the length)
 * and obsolete line folding (Netty joins the lines). Both are how request smuggling starts, so the
 * decoder marks such a request with {@link #MARKER} and the listener refuses it before routing. The
 * decoding itself is unchanged.
 */
final class FramingAwareDecoder extends VertxHttpRequestDecoder {
  static final String MARKER = "X-Keygate-Ambiguous-Framing";
  static final CharSequence MARKER_NAME = io.vertx.core.http.HttpHeaders.createOptimized(MARKER);
  static final String BOTH_LENGTHS = "Content-Length together with Transfer-Encoding";
  static final String FOLDING = "obsolete line folding in a header";

  private boolean awaitingHead = true;
  private boolean headStarted;
  private String problem;

  FramingAwareDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
      throws Exception {
    if (awaitingHead && problem == null && buffer.isReadable()) {
      scanForFolding(buffer);
    }
    int before = out.size();
    super.decode(ctx, buffer, out);
    for (int i = before; i < out.size(); i++) {
      Object message = out.get(i);
      if (message instanceof HttpRequest request) {
        if (problem != null) {
          request.headers().set(MARKER_NAME, problem);
        } else {
          request.headers().remove(MARKER_NAME);
        }
        problem = null;
        awaitingHead = false;
        headStarted = false;
      }
      if (message instanceof LastHttpContent) {
        awaitingHead = true;
      }
    }
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    if (problem == null) {
      problem = BOTH_LENGTHS;
    }
    super.handleTransferEncodingChunkedWithContentLength(message);
  }

  /**
   * Looks for a header line that starts with a space or tab, in the part of the buffer that is
   * still the message head (up to the blank line, or everything when the head is incomplete).
   */
  private void scanForFolding(ByteBuf buffer) {
    int from = buffer.readerIndex();
    int to = buffer.writerIndex();
    if (headStarted) {
      byte first = buffer.getByte(from);
      if (first == ' ' || first == '\t') {
        problem = FOLDING;
        return;
      }
    }
    byte previous = 0;
    for (int i = from; i < to; i++) {
      byte b = buffer.getByte(i);
      if (previous == '\n') {
        if (b == ' ' || b == '\t') {
          problem = FOLDING;
          return;
        }
        if (b == '\r' || b == '\n') {
          return;
        }
      }
      previous = b;
    }
    headStarted = true;
  }
}
