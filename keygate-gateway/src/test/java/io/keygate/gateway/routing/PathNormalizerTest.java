package io.keygate.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.gateway.chain.GatewayException;
import org.junit.jupiter.api.Test;

class PathNormalizerTest {
  private static String normalize(String raw) {
    return PathNormalizer.removeDotSegments(PathNormalizer.decode(raw));
  }

  @Test
  void cleanPath_isReturnedAsIs_withoutCopying() {
    String raw = "/payments/v1/orders";
    assertThat(PathNormalizer.decode(raw)).isSameAs(raw);
    assertThat(PathNormalizer.removeDotSegments(raw)).isSameAs(raw);
  }

  @Test
  void equivalentForms_normalizeToOne() {
    assertThat(normalize("//a///b")).isEqualTo("/a/b");
    assertThat(normalize("/a/./b/../c/")).isEqualTo("/a/c/");
    assertThat(normalize("/%7Euser/%41")).isEqualTo("/~user/A");
    assertThat(normalize("/a%2a%3f")).isEqualTo("/a%2A%3F");
    assertThat(normalize("/a/..")).isEqualTo("/");
    assertThat(normalize("/a/.hidden/..b")).isEqualTo("/a/.hidden/..b");
  }

  @Test
  void ambiguousForms_areRefused() {
    assertThatThrownBy(() -> normalize("/a%2Fb"))
        .isInstanceOf(GatewayException.class)
        .hasMessage("the path contains an encoded slash or backslash (%2F, %5C)");
    assertThatThrownBy(() -> normalize("/a/../.."))
        .hasMessage("the path climbs above the root with '..'");
    assertThatThrownBy(() -> normalize("/%2e%2e/x"))
        .hasMessage("the path climbs above the root with '..'");
    assertThatThrownBy(() -> normalize("/a%0"))
        .hasMessage("the path contains a malformed percent-escape");
    assertThatThrownBy(() -> normalize("/a b"))
        .hasMessage("the path contains a character that must be percent-encoded");
    assertThatThrownBy(() -> normalize("a")).hasMessage("the path must start with '/'");
  }
}
