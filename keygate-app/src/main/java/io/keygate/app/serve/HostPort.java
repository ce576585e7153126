package io.keygate.app.serve;

/**
 * A listen address, {@code HOST:PORT} ({@code [::1]:8443} for IPv6). Port 0 picks a free port.
 *
 * @param host the interface to bind
 * @param port 0 to 65535
 */
public record HostPort(String host, int port) {

  /**
   * Parses {@code HOST:PORT}.
   *
   * @throws IllegalArgumentException naming {@code what} when it is not one
   */
  public static HostPort parse(String what, String text) {
    String trimmed = text.strip();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw invalid(what, trimmed);
    }
    String host = trimmed.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw invalid(what, trimmed);
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid(what, trimmed);
    }
    if (port < 0 || port > 65535 || host.isBlank()) {
      throw invalid(what, trimmed);
    }
    return new HostPort(host, port);
  }

  private static IllegalArgumentException invalid(String what, String text) {
    return new IllegalArgumentException(
        what + " must be HOST:PORT such as 127.0.0.1:8443; got '" + text + "'");
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
