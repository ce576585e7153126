package io.keygate.gateway.credentials;

import io.keygate.gateway.chain.GatewayException;
import io.keygate.secrets.ResolvedSecret;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretValue;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS client certificate an exchange presents to its upstream: one secret version holding a PEM
 * certificate chain and its private key. One secret rather than two references (certificate, key)
 * so that a rotation swaps both at once: two references could be read at different versions and
 * make a pair that does not match.
 *
 * @param secret the reference as written, claims substituted (for choosing the connection pool)
 * @param version the version the certificate came from
 * @param chain the PEM {@code CERTIFICATE} blocks, leaf first (public)
 * @param key the PEM private key block ({@code PRIVATE KEY}, {@code RSA PRIVATE KEY} or {@code EC
 *     PRIVATE KEY})
 */
public record ClientCertificate(String secret, String version, String chain, SecretValue key) {
  /** The exchange attribute holding the {@link ClientCertificate}, when the API injects one. */
  public static final String ATTRIBUTE = "keygate.credentials.clientCertificate";

  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z ]+)-----[\\r\\n]+[A-Za-z0-9+/=\\r\\n]+-----END \\1-----",
          Pattern.DOTALL);

  public ClientCertificate {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Splits a resolved PEM bundle into chain and key; a value that is not one fails with 502 {@code
   * ClientCertificateInvalid} naming the secret and version, never the content.
   */
  static ClientCertificate of(SecretRef ref, ResolvedSecret resolved) {
    String pem = resolved.value().reveal();
    StringBuilder chain = new StringBuilder();
    String key = null;
    int keys = 0;
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      if (type.equals("CERTIFICATE")) {
        chain.append(m.group()).append('\n');
      } else if (type.equals("PRIVATE KEY")
          || type.equals("RSA PRIVATE KEY")
          || type.equals("EC PRIVATE KEY")) {
        key = m.group() + "\n";
        keys++;
      }
    }
    String name = ref.toString();
    if (chain.isEmpty() || keys != 1) {
      throw new GatewayException(
          502,
          "ClientCertificateInvalid",
          "secret '"
              + name
              + "' version "
              + resolved.version()
              + " does not hold a PEM certificate chain and exactly one private key");
    }
    return new ClientCertificate(name, resolved.version(), chain.toString(), SecretValue.of(key));
  }
}
