package io.keygate.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryParamsTest {
  @Test
  void theNamedParameter_isRemovedWhereverItIs() {
    assertThat(QueryParams.without("/p?api_key=k", "api_key")).isEqualTo("/p");
    assertThat(QueryParams.without("/p?api_key=k&a=1", "api_key")).isEqualTo("/p?a=1");
    assertThat(QueryParams.without("/p?a=1&api_key=k", "api_key")).isEqualTo("/p?a=1");
    assertThat(QueryParams.without("/p?a=1&api_key=k&b=2", "api_key")).isEqualTo("/p?a=1&b=2");
  }

  @Test
  void everyOccurrence_andEncodedNames_areRemoved() {
    assertThat(QueryParams.without("/p?api_key=1&x=2&api%5Fkey=3&api_key", "api_key"))
        .isEqualTo("/p?x=2");
  }

  @Test
  void otherParameters_keepTheirExactBytes() {
    assertThat(QueryParams.without("/p?q=a%20b+c&api_key=k&z=%2F", "api_key"))
        .isEqualTo("/p?q=a%20b+c&z=%2F");
  }

  @Test
  void similarNames_areKept() {
    assertThat(QueryParams.without("/p?api_key2=1&xapi_key=2", "api_key"))
        .isEqualTo("/p?api_key2=1&xapi_key=2");
  }

  @Test
  void pathWithoutQuery_isUnchanged() {
    assertThat(QueryParams.without("/p/q", "api_key")).isEqualTo("/p/q");
  }

  @Test
  void malformedEncoding_doesNotThrow() {
    assertThat(QueryParams.without("/p?%zz=1&api_key=k", "api_key")).isEqualTo("/p?%zz=1");
  }
}
