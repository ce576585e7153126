package io.keygate.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyHasherTest {
  @TempDir Path data;

  @Test
  void serverSecret_isGeneratedOnceWithOwnerOnlyPermissions_andReused() throws Exception {
    KeyHasher first = KeyHasher.loadOrCreate(data);
    Path file = data.resolve("gateway-hmac.key");

    assertThat(Files.size(file)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(KeyHasher.loadOrCreate(data).hash("kg_x")).isEqualTo(first.hash("kg_x"));
  }

  @Test
  void differentServerSecrets_giveDifferentHashes() {
    byte[] other = new byte[32];
    other[0] = 1;

    assertThat(new KeyHasher(new byte[32]).hash("kg_x"))
        .isNotEqualTo(new KeyHasher(other).hash("kg_x"));
  }

  @Test
  void shortServerSecret_isRefused() {
    assertThatThrownBy(() -> new KeyHasher(new byte[16]))
        .hasMessage("the gateway HMAC secret must be at least 32 bytes");
  }

  @Test
  void matches_comparesTheFullHash() {
    KeyHasher hasher = new KeyHasher(new byte[32]);
    byte[] hash = hasher.hash("kg_a");
    byte[] truncated = java.util.Arrays.copyOf(hash, 16);

    assertThat(hasher.matches("kg_a", hash)).isTrue();
    assertThat(hasher.matches("kg_b", hash)).isFalse();
    assertThat(hasher.matches("kg_a", truncated)).isFalse();
  }

  @Test
  void keyComparison_isConstantTime() throws Exception {
    // A source-level guard: the comparison must stay MessageDigest.isEqual, never Arrays.equals
    // or String.equals on key material.
    String source =
        Files.readString(Path.of("src/main/java/io/keygate/gateway/keys/KeyHasher.java"));

    assertThat(source).contains("MessageDigest.isEqual(hash(presented), expectedHash)");
    assertThat(source).doesNotContain("Arrays.equals(");
  }
}
