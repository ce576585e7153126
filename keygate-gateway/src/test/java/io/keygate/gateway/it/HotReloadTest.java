package io.keygate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.gateway.config.FolderDefinitions;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Changed definitions are swapped in whole, under load, without a failed request. */
class HotReloadTest {
  Vertx vertx;
  TestUpstream a;
  TestUpstream b;
  GatewayHarness gw;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    a = TestUpstream.start(vertx, "a");
    b = TestUpstream.start(vertx, "b");
    gw =
        GatewayHarness.start(
            vertx, Map.of("svc.yaml", GatewayHarness.keylessApi("svc", "/svc/", a.url(), "")));
  }

  @AfterEach
  void stop() {
    gw.close();
    vertx.close().await();
  }

  @Test
  void changedUpstream_isSwappedInUnderLoad_withoutAFailedRequest() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    Set<String> servedBy = ConcurrentHashMap.newKeySet();
    CompletableFuture<Void> load =
        CompletableFuture.runAsync(
            () -> {
              while (running.get()) {
                HttpResponse<String> r = gw.get("/svc/load");
                sent.incrementAndGet();
                if (r.statusCode() != 200) {
                  failures.incrementAndGet();
                } else {
                  servedBy.add(r.headers().firstValue("X-Upstream").orElse("?"));
                }
              }
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() > 20);
    gw.writeApi("svc.yaml", GatewayHarness.keylessApi("svc", "/svc/", b.url(), ""));
    // the contract is "within a second"; the margin absorbs a loaded CI machine
    await().atMost(Duration.ofSeconds(3)).until(() -> servedBy.contains("b"));
    int atSwap = sent.get();
    await().atMost(Duration.ofSeconds(5)).until(() -> sent.get() > atSwap + 20);
    running.set(false);
    load.get();
    assertThat(failures.get()).isZero();
    assertThat(servedBy).containsExactlyInAnyOrder("a", "b");
    assertThat(gw.gateway.definitions().current().generation()).isEqualTo(2);
  }

  @Test
  void requestInFlight_finishesOnTheDefinitionItStartedWith() throws Exception {
    CompletableFuture<HttpResponse<String>> inFlight =
        gw.http.sendAsync(
            HttpRequest.newBuilder(URI.create(gw.base() + "/svc/hold")).build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> !a.held.isEmpty());
    gw.writeApi("svc.yaml", GatewayHarness.keylessApi("svc", "/svc/", b.url(), ""));
    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> gw.get("/svc/x").headers().firstValue("X-Upstream").orElse("").equals("b"));
    a.release();
    HttpResponse<String> r = inFlight.get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("released by a");
  }

  @Test
  void invalidFile_isRefusedWithALogLine_andThePreviousDefinitionKeepsServing() {
    Logger logger = (Logger) LoggerFactory.getLogger(FolderDefinitions.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      gw.writeApi(
          "svc.yaml",
          "name: svc\nlisten: { path: /svc/ }\nupstream: { url: \""
              + b.url()
              + "\", retries: 3 }\nauth: { keyless: true }\n");
      await()
          .atMost(Duration.ofSeconds(3))
          .until(() -> !gw.gateway.definitions().problems().isEmpty());
      String file = gw.dataDir.resolve("apis").resolve("svc.yaml").toString();
      assertThat(gw.gateway.definitions().problems()).hasSize(1);
      assertThat(gw.gateway.definitions().problems().get(0).toString())
          .startsWith(file + ":3:")
          .endsWith(
              ": unknown field 'retries' in upstream; expected one of: ca, connectTimeout,"
                  + " readTimeout, targets, url");
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines)
          .anyMatch(
              l ->
                  l.startsWith("Refused definition " + file + ":3:")
                      && l.endsWith("; its previous version keeps serving"));
      HttpResponse<String> r = gw.get("/svc/still");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Upstream")).contains("a");
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void newAndDeletedFiles_addAndRemoveApis() throws Exception {
    gw.writeApi("new.yaml", GatewayHarness.keylessApi("new", "/new/", b.url(), ""));
    await().atMost(Duration.ofSeconds(3)).until(() -> gw.get("/new/x").statusCode() == 200);
    java.nio.file.Files.delete(gw.dataDir.resolve("apis").resolve("new.yaml"));
    await().atMost(Duration.ofSeconds(3)).until(() -> gw.get("/new/x").statusCode() == 404);
  }
}
