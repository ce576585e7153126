package io.keygate.testfixtures;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Resolves every {@code *.vault.test} name to 127.0.0.1 in a test JVM, as a wildcard DNS entry does
 * in a deployment (Keygate's Azure Key Vault-compatible API serves each vault at its own host
 * name); every other name resolves as the system does.
 *
 * <p>Registered in this module's {@code META-INF/services}, so a module that takes {@code
 * keygate-test-fixtures} as a test dependency gets it without registering anything itself. The JDK
 * uses the first resolver provider it finds: a test module must not register a second one.
 */
public final class VaultTestHostNames extends InetAddressResolverProvider {
  /** The test domain: {@code payments.vault.test} is the vault {@code payments}. */
  public static final String DOMAIN = "vault.test";

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver system = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy)
          throws UnknownHostException {
        if (host.toLowerCase(Locale.ROOT).endsWith("." + DOMAIN)) {
          return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        }
        return system.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] address) throws UnknownHostException {
        return system.lookupByAddress(address);
      }
    };
  }

  @Override
  public String name() {
    return "keygate-test-fixtures-vault-test-host-names";
  }
}
