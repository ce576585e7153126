package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keygate.gateway.config.UpstreamUrl;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.dns.AddressResolverOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upstream named like a Docker Compose service ({@code http://my_service:8080}): java.net.URI
 * reports no host for it, yet it is a name a resolver answers. The gateway loads and serves it.
 */
class UnderscoreHostTest {
  @Test
  void upstreamHostWithAnUnderscore_isLoadedAndServed() throws Exception {
    // Vert.x's own resolver, told that my_service is this machine (as Compose's DNS would).
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setAddressResolverOptions(
                    new AddressResolverOptions()
                        .setHostsValue(Buffer.buffer("127.0.0.1 my_service\n"))));
    TestUpstream upstream = TestUpstream.start(vertx, "compose");
    int port = URI.create(upstream.url()).getPort();
    GatewayHarness gw =
        GatewayHarness.start(
            vertx,
            Map.of(
                "svc.yaml",
                GatewayHarness.keylessApi(
                    "svc", "/svc/", "http://my_service:" + port + "/base", "")));
    try {
      HttpResponse<String> r =
          gw.send(HttpRequest.newBuilder(URI.create(gw.base() + "/svc/x")).build());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(upstream.seen).contains("GET /base/x");
    } finally {
      gw.close();
      vertx.close().await();
    }
  }

  @Test
  void theParser_readsUnderscoreHosts_andLeavesOtherUrlsToUri() throws Exception {
    assertThat(UpstreamUrl.parse("http://my_service:8080/api"))
        .isEqualTo(new UpstreamUrl("http", "my_service", 8080, "/api", null, null, null));
    assertThat(UpstreamUrl.parse("https://api.example/v1").host()).isEqualTo("api.example");
    assertThatThrownBy(() -> UpstreamUrl.parse("http://bad host/"))
        .isInstanceOf(java.net.URISyntaxException.class);
    assertThat(UpstreamUrl.parse("http://user@my_service/").host()).isNull();
  }
}
