package io.keygate.vault.internal.barrier;

import java.nio.charset.StandardCharsets;

/**
 * Where a sealed value lives. Its associated data binds a ciphertext and its wrapped data key to
 * this address, so a ciphertext copied to another row fails to open. Names cannot contain '/', so
 * the encoding is unambiguous.
 */
public record SecretAddress(String vault, String name, String version) {
  private static final String PREFIX = "keygate/v1/";

  byte[] valueAssociatedData() {
    return (PREFIX + vault + "/" + name + "/" + version).getBytes(StandardCharsets.UTF_8);
  }

  byte[] dataKeyAssociatedData() {
    return (PREFIX + "data-key/" + vault + "/" + name + "/" + version)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return vault + "/" + name + " version " + version;
  }
}
