package io.keygate.testfixtures;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for tests that talk to a listener with a generated self-signed certificate: the client trusts
 * that one certificate and nothing else (not the JDK's CA bundle), so a test also proves the
 * listener serves the certificate it wrote.
 */
public final class PinnedTls {
  private PinnedTls() {}

  /** A TLS context that trusts only the certificate(s) in the PEM file {@code certificate}. */
  public static SSLContext trusting(Path certificate) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      int index = 0;
      for (var entry : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("pinned-" + index++, entry);
      }
    }
    if (store.size() == 0) {
      throw new IllegalArgumentException(certificate + " holds no certificate");
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** An HTTP/1.1 client that trusts only {@code certificate}. */
  public static HttpClient client(Path certificate) throws Exception {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(trusting(certificate))
        .build();
  }
}
