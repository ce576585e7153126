package io.keygate.gateway.listener;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;

/**
 * Refuses HTTP/1.x requests whose body framing two parsers could read differently: Content-Length
 * with Transfer-Encoding, a transfer coding other than a single {@code chunked}, Transfer-Encoding
 * in an HTTP/1.0 request, obsolete line folding. (Duplicate or malformed Content-Length is already
 * refused by the decoder with a 400.)
 */
final class FramingGuard {
  private FramingGuard() {}

  /** Why the request is refused, or null when its framing is unambiguous. */
  static String problem(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      return null;
    }
    var headers = request.headers();
    String marked = headers.get(FramingAwareDecoder.MARKER_NAME);
    if (marked != null) {
      // only the decoder's own values are echoed; a client cannot choose the message
      return marked.equals(FramingAwareDecoder.BOTH_LENGTHS)
              || marked.equals(FramingAwareDecoder.FOLDING)
          ? marked
          : "a reserved header (" + FramingAwareDecoder.MARKER + ")";
    }
    String te = headers.get(HttpHeaders.TRANSFER_ENCODING);
    if (te != null && request.version() == HttpVersion.HTTP_1_0) {
      // RFC 9112, 6.1: HTTP/1.0 has no chunked coding; a peer may frame the body either way.
      return "Transfer-Encoding in an HTTP/1.0 request";
    }
    if (te != null) {
      List<String> all = headers.getAll(HttpHeaders.TRANSFER_ENCODING);
      if (all.size() != 1 || !te.trim().equalsIgnoreCase("chunked")) {
        return "a transfer coding other than a single 'chunked'";
      }
      if (headers.contains(HttpHeaders.CONTENT_LENGTH)) {
        return "Content-Length together with Transfer-Encoding";
      }
    }
    return null;
  }
}
