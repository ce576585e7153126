package io.keygate.testfixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturesTest {
  @TempDir Path dir;

  @Test
  void vaultTestNames_resolveToLoopback_throughTheRegisteredProvider() throws Exception {
    assertThat(InetAddress.getByName("payments." + VaultTestHostNames.DOMAIN).getHostAddress())
        .isEqualTo("127.0.0.1");
    assertThat(InetAddress.getByName("Billing.VAULT.test").getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void aFileWithoutCertificates_isRefusedByName() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(() -> PinnedTls.trusting(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(empty + " holds no certificate");
  }
}
