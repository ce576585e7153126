package io.keygate.vault.server.azure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Resolves {@code *.vault.test} to 127.0.0.1 for this test JVM (a wildcard DNS entry, as a
 * deployment has), and every other name as the system does. Installed as a JDK resolver provider
 * (META-INF/services), so the Azure SDK's HTTP client, given the JDK resolver, finds the vault
 * hosts.
 */
public final class TestHostNames extends InetAddressResolverProvider {
  static final String DOMAIN = "vault.test";

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
    return "keygate-test-host-names";
  }
}
