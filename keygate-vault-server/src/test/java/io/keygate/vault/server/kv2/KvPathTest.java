package io.keygate.vault.server.kv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KvPathTest {

  @Test
  void segments_areJoinedWithADoubleHyphen_andSplitBackTheSameWay() {
    assertThat(KvPath.toName("my-app/prod/db")).isEqualTo("my-app--prod--db");
    assertThat(KvPath.toName("single")).isEqualTo("single");
    assertThat(KvPath.segments("my-app--prod--db")).contains(List.of("my-app", "prod", "db"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-a", "a-", "a---b", "a--", "--a", "a_b", "a.b"})
  void keygateNamesThatNoPathMapsTo_areNotKvPaths(String name) {
    assertThat(KvPath.segments(name)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a//b", "/a", "a/", "my_app/db", "app.db", "a--b/c", "-a/b", "a-/b", "a%2Fb"})
  void pathsWithoutAnUnambiguousName_areRefusedWithTheRule(String path) {
    assertThatThrownBy(() -> KvPath.toName(path))
        .isInstanceOf(KvError.class)
        .hasMessage(
            "path '"
                + path
                + "' cannot be stored in Keygate: each path segment must be letters and digits"
                + " with single hyphens inside (no empty segments, no '_', '.' or '--')");
  }

  @Test
  void aPathWhoseNameWouldBeTooLong_isRefused() {
    String path = "a".repeat(60) + "/" + "b".repeat(66);
    assertThat(KvPath.toName("a".repeat(60) + "/" + "b".repeat(65))).hasSize(127);
    assertThatThrownBy(() -> KvPath.toName(path))
        .isInstanceOf(KvError.class)
        .hasMessage(
            "path '"
                + path.substring(0, 100)
                + "...' is too long: its Keygate name would exceed 127 characters");
  }

  @Test
  void listingPrefixes_mayEndWithASlash() {
    assertThat(KvPath.prefix("")).isEmpty();
    assertThat(KvPath.prefix("a/b/")).containsExactly("a", "b");
    assertThat(KvPath.prefix("a/b")).containsExactly("a", "b");
  }
}
