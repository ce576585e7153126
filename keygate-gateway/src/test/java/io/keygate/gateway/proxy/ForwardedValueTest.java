package io.keygate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The RFC 7239 {@code Forwarded} value the gateway sets for its hop. */
class ForwardedValueTest {
  @Test
  void ipv4ClientAndPlainHost_areTokens() {
    assertThat(Headers.forwarded("192.0.2.7", "https", "api.example"))
        .isEqualTo("for=192.0.2.7;proto=https;host=api.example");
  }

  @Test
  void ipv6ClientIsBracketedAndQuoted_andAHostWithAPortIsQuoted() {
    assertThat(Headers.forwarded("2001:db8::1", "http", "[2001:db8::2]:8080"))
        .isEqualTo("for=\"[2001:db8::1]\";proto=http;host=\"[2001:db8::2]:8080\"");
  }

  @Test
  void withoutAHost_thereIsNoHostParameter() {
    assertThat(Headers.forwarded("192.0.2.7", "http", null)).isEqualTo("for=192.0.2.7;proto=http");
  }
}
