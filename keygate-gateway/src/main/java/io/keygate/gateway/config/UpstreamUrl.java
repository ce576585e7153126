package io.keygate.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An upstream URL taken apart once, for the validator and the upstream pool alike. It is {@link
 * URI}'s reading, except that a host name with an underscore ({@code http://my_service:8080}, a
 * Docker Compose service name) is accepted: {@code URI} treats such an authority as registry-based
 * and reports no host, although resolvers and Vert.x's client accept it.
 *
 * @param port the explicit port, or -1
 */
public record UpstreamUrl(
    String scheme,
    String host,
    int port,
    String rawPath,
    String rawUserInfo,
    String rawQuery,
    String rawFragment) {
  /** A host of name characters including {@code _}, and an optional port: what URI refuses. */
  private static final Pattern NAME_AND_PORT =
      Pattern.compile("([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?::([0-9]{1,9}))?");

  /**
   * @throws URISyntaxException when the text is not a URL at all
   */
  public static UpstreamUrl parse(String url) throws URISyntaxException {
    URI uri = new URI(url);
    String host = uri.getHost();
    int port = uri.getPort();
    if (host == null && uri.getRawAuthority() != null && uri.getRawUserInfo() == null) {
      Matcher m = NAME_AND_PORT.matcher(uri.getRawAuthority());
      if (m.matches()) {
        host = m.group(1);
        port = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
      }
    }
    return new UpstreamUrl(
        uri.getScheme(),
        host,
        port,
        uri.getRawPath(),
        uri.getRawUserInfo(),
        uri.getRawQuery(),
        uri.getRawFragment());
  }
}
