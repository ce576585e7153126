package io.keygate.vault.server.kv2;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;

/**
 * Spring Vault pointed at a test listener, trusting Keygate's PEM certificate (as the docs show).
 */
final class SpringVaultSetup {
  private SpringVaultSetup() {}

  static VaultEndpoint endpoint(KvServer server) {
    return VaultEndpoint.create("127.0.0.1", server.server.port());
  }

  static ClientHttpRequestFactory requestFactory(KvServer server) {
    SslConfiguration ssl =
        SslConfiguration.forTrustStore(
            SslConfiguration.KeyStoreConfiguration.of(
                    new FileSystemResource(server.certificate.toFile()))
                .withStoreType(SslConfiguration.PEM_KEYSTORE_TYPE));
    return ClientHttpRequestFactoryFactory.create(new ClientOptions(), ssl);
  }
}
