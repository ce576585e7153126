package io.keygate.vault.rotation.generators;

import io.keygate.vault.VaultException.BadParameter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;

/** Webhook URL rules: HTTPS, or plain HTTP to a loopback address with an explicit opt-in. */
public final class WebhookUrls {
  private WebhookUrls() {}

  /** The parsed URL, or 400 saying why it is refused. */
  public static URI check(String where, String text, boolean allowInsecureLoopback) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new BadParameter(where + ": url is not a valid URL");
    }
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      throw new BadParameter(where + ": url must be an absolute https:// URL without user info");
    }
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return uri;
    }
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      if (!allowInsecureLoopback) {
        throw new BadParameter(
            where
                + ": url must use https (http is allowed for loopback only with allowInsecureLoopback)");
      }
      if (!loopback(uri.getHost())) {
        throw new BadParameter(where + ": http is allowed for loopback addresses only");
      }
      return uri;
    }
    throw new BadParameter(where + ": url must use https");
  }

  /** Scheme, host, port and path: never the query, which may carry a token. */
  public static String redacted(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getPath() == null ? "" : uri.getPath());
  }

  private static boolean loopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
