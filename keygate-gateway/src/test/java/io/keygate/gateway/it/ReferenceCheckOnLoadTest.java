package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keygate.gateway.GatewayServices;
import io.keygate.gateway.config.DefinitionProblem;
import io.keygate.gateway.credentials.InMemorySecretSource;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.ratelimit.QuotaLedger;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An API whose secret reference can resolve for nobody (the secret does not exist, or no principal
 * may read it) is refused when it is loaded, with file and line; its previous version keeps
 * serving; and it loads by itself once the secret or a grant appears.
 */
class ReferenceCheckOnLoadTest {
  Vertx vertx;
  TestUpstream upstream;
  GatewayHarness gw;
  InMemorySecretSource source = new InMemorySecretSource();
  String key;
  String principal;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    upstream = TestUpstream.start(vertx, "u");
    Path data = Files.createTempDirectory("keygate-refcheck");
    GatewayDatabase db = GatewayDatabase.sqlite(data);
    ApiKeys keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    var created = keys.create("gold", "caller", Duration.ofDays(1));
    key = created.key().reveal();
    principal = "key:" + created.info().id();
    source.tellReadability(true);
    source.put("payments", "token", "t1");
    source.grant(principal, "payments", "token");
    gw =
        GatewayHarness.start(
            vertx,
            Map.of("pay.yaml", api("payments/token"), "later.yaml", api("payments/later")),
            new GatewayServices(keys, null, QuotaLedger.open(db)).withSecrets(source),
            o -> o);
    Files.writeString(
        gw.dataDir.resolve("policies").resolve("gold.yaml"), "name: gold\naccess: [pay, later]\n");
    gw.gateway.definitions().reload().await();
  }

  private String api(String ref) {
    String name = ref.endsWith("later") ? "later" : "pay";
    return "name: "
        + name
        + "\nlisten: { path: /"
        + name
        + "/ }\nupstream: { url: \""
        + upstream.url()
        + "\" }\nauth: { apiKey: { header: X-API-Key } }\n"
        + "inject:\n  - header: X-Token\n    value: \"${secret:"
        + ref
        + "}\"\n";
  }

  @AfterEach
  void stop() {
    gw.close();
    vertx.close().await();
  }

  private HttpResponse<String> get(String path) {
    return gw.send(
        HttpRequest.newBuilder(URI.create(gw.base() + path)).header("X-API-Key", key).build());
  }

  private String problems() {
    return String.join(
        "\n",
        gw.gateway.definitions().problems().stream().map(DefinitionProblem::toString).toList());
  }

  @Test
  void missingSecret_refusesTheApiAtLoad_andItLoadsOnceTheSecretAndAGrantExist() {
    String file = gw.dataDir.resolve("apis").resolve("later.yaml").toString();
    assertThat(problems())
        .isEqualTo(
            file
                + ":7:5: 'inject.value': secret reference 'payments/later' cannot resolve:"
                + " the secret does not exist");
    assertThat(get("/later/x").statusCode()).isEqualTo(404);
    assertThat(get("/pay/x").statusCode()).isEqualTo(200);

    source.put("payments", "later", "l1");

    await().atMost(Duration.ofSeconds(5)).until(() -> problems().contains("no principal holds"));
    assertThat(problems())
        .isEqualTo(
            file
                + ":7:5: 'inject.value': secret reference 'payments/later' cannot resolve for"
                + " anyone: no principal holds a role that reads its value (e.g. keygate role"
                + " assign key:<id> secrets-user --scope payments/later)");

    source.grantAndPublish(principal, "payments", "later");

    await().atMost(Duration.ofSeconds(5)).until(() -> get("/later/x").statusCode() == 200);
    assertThat(problems()).isEmpty();
  }

  @Test
  void changedDefinitionNamingAnUnreadableSecret_isRefused_andThePreviousVersionKeepsServing() {
    source.put("payments", "orphan", "o1");
    gw.writeApi("pay.yaml", api("payments/orphan"));
    gw.gateway.definitions().reload().await();

    assertThat(problems()).contains("secret reference 'payments/orphan' cannot resolve for anyone");
    HttpResponse<String> r = get("/pay/x");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("t1");
  }
}
