package io.keygate.gateway.listener;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;

/**
 * Refuses HTTP/1.x requests whose target host two readers could take differently (RFC 9112, 3.2):
 * more than one {@code Host} field, none in an HTTP/1.1 request, or an absolute-form target ({@code
 * GET http://a/x}) whose authority is not the {@code Host} given. Routing by host must agree with
 * every proxy in front of the gateway, so an ambiguous host is a 400, never a guess.
 */
final class HostGuard {
  private HostGuard() {}

  /** Why the request is refused, or null when its host is unambiguous. */
  static String problem(HttpServerRequest request) {
    HttpVersion version = request.version();
    if (version == HttpVersion.HTTP_2) {
      return null;
    }
    List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
    if (hosts.size() > 1) {
      return "the request has more than one Host header";
    }
    if (hosts.isEmpty()) {
      return version == HttpVersion.HTTP_1_1 ? "an HTTP/1.1 request needs a Host header" : null;
    }
    String target = absoluteAuthority(request.uri());
    if (target != null && !target.equalsIgnoreCase(hosts.get(0).trim())) {
      return "the request target's authority is not its Host header";
    }
    return null;
  }

  /** The authority of an absolute-form target ({@code scheme://authority/...}), else null. */
  static String absoluteAuthority(String uri) {
    if (uri == null || uri.isEmpty() || uri.charAt(0) == '/') {
      return null;
    }
    int scheme = uri.indexOf("://");
    if (scheme <= 0) {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    String authority = uri.substring(start, end);
    int at = authority.lastIndexOf('@');
    return at < 0 ? authority : authority.substring(at + 1);
  }
}
