package io.keygate.gateway.config;

import io.keygate.secrets.SecretTemplate;
import io.keygate.secrets.SecretValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Checks the TLS settings of an API's upstream: the client certificate entry and the CA file. */
final class UpstreamTls {
  private UpstreamTls() {}

  /**
   * A {@code clientCertificate} entry is one secret reference and nothing else (no literal text, no
   * other target, no {@code value}), and the upstream must be reached over https.
   */
  static void clientCertificate(
      ApiDefinition.Inject entry,
      ApiDefinition.Upstream upstream,
      String pointer,
      BiConsumer<String, String> fail) {
    if (entry.header() != null
        || entry.query() != null
        || entry.basic() != null
        || entry.value() != null) {
      fail.accept(
          pointer,
          "an 'inject' entry with 'clientCertificate' takes no 'header', 'query', 'basic' or"
              + " 'value'");
    }
    try {
      SecretTemplate template = SecretTemplate.parse(entry.clientCertificate());
      Map<String, String> anyClaims = new HashMap<>();
      template.claims().forEach(claim -> anyClaims.put(claim, "x"));
      boolean onlyOneReference =
          template.refs(anyClaims).size() == 1
              && template.render(anyClaims, ref -> SecretValue.of("")).length() == 0;
      if (!onlyOneReference) {
        fail.accept(
            pointer + "/clientCertificate",
            "'inject.clientCertificate' must be exactly one secret reference, such as"
                + " ${secret:payments/client-cert}, holding a PEM certificate chain and its key");
      }
    } catch (IllegalArgumentException e) {
      fail.accept(pointer + "/clientCertificate", "'inject.clientCertificate': " + e.getMessage());
    }
    if (upstream != null && !allHttps(upstream)) {
      fail.accept(
          pointer + "/clientCertificate",
          "'inject.clientCertificate' needs an https:// upstream: a client certificate is presented"
              + " in the TLS handshake");
    }
  }

  private static boolean allHttps(ApiDefinition.Upstream upstream) {
    List<String> urls = upstream.url() != null ? List.of(upstream.url()) : upstream.targets();
    return urls != null && urls.stream().allMatch(u -> u != null && u.startsWith("https://"));
  }

  /** {@code upstream.ca} is an absolute path to a readable file, for an https upstream. */
  static void ca(ApiDefinition.Upstream upstream, BiConsumer<String, String> fail) {
    Path ca = Path.of(upstream.ca());
    if (!ca.isAbsolute()) {
      fail.accept("/upstream/ca", "'upstream.ca' must be an absolute path: got '" + ca + "'");
    } else if (!Files.isReadable(ca)) {
      fail.accept("/upstream/ca", "'upstream.ca' file " + ca + " does not exist or is unreadable");
    }
    if (!allHttps(upstream)) {
      fail.accept("/upstream/ca", "'upstream.ca' needs an https:// upstream");
    }
  }
}
