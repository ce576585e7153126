package io.keygate.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsApiTest {
  @TempDir static Path data;
  static RunningAdminServer api;

  @BeforeAll
  static void start() throws Exception {
    api = new RunningAdminServer(data, null);
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void set_answersWithMetadataAndNoValue() throws Exception {
    var answer =
        api.call(
            "PUT",
            "/v1/vaults/default/secrets/set-answer",
            """
            {"value":"v1","contentType":"text/plain","tags":{"env":"prod"},
             "attributes":{"enabled":true,"exp":4102444800}}""");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.has("value")).isFalse();
    assertThat(json.path("id").asText())
        .matches("https://127\\.0\\.0\\.1:\\d+/v1/vaults/default/secrets/set-answer/[0-9a-f]{32}");
    assertThat(json.path("contentType").asText()).isEqualTo("text/plain");
    assertThat(json.path("tags").path("env").asText()).isEqualTo("prod");
    JsonNode attributes = json.path("attributes");
    assertThat(attributes.path("enabled").asBoolean()).isTrue();
    assertThat(attributes.path("exp").asLong()).isEqualTo(4102444800L);
    assertThat(attributes.path("created").asLong())
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120L));
    assertThat(attributes.path("recoveryLevel").asText()).isEqualTo("Recoverable+Purgeable");
  }

  @Test
  void get_servesTheCurrentVersionOrANamedOne() throws Exception {
    String first =
        version(api.call("PUT", "/v1/vaults/default/secrets/get-me", "{\"value\":\"one\"}"));
    String second =
        version(api.call("PUT", "/v1/vaults/default/secrets/get-me", "{\"value\":\"two\"}"));

    var current = api.call("GET", "/v1/vaults/default/secrets/get-me", null);
    var named = api.call("GET", "/v1/vaults/default/secrets/get-me/" + first, null);

    assertThat(current.status()).isEqualTo(200);
    assertThat(current.json().path("value").asText()).isEqualTo("two");
    assertThat(version(current)).isEqualTo(second);
    assertThat(named.json().path("value").asText()).isEqualTo("one");
    assertThat(current.response().headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void valueReadsAndChanges_areAuditedWithTheRequestId() throws Exception {
    String version =
        version(api.call("PUT", "/v1/vaults/default/secrets/audited", "{\"value\":\"x\"}"));
    api.http.send(
        java.net.http.HttpRequest.newBuilder(api.uri("/v1/vaults/default/secrets/audited"))
            .header("Authorization", "Bearer " + api.token.reveal())
            .header("X-Request-Id", "req-audit-1")
            .build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());

    var entries = api.vault.audit().recent(50);

    assertThat(entries)
        .anySatisfy(
            entry -> {
              assertThat(entry.action()).isEqualTo("READ_VALUE");
              assertThat(entry.name()).isEqualTo("audited");
              assertThat(entry.version()).isEqualTo(version);
              assertThat(entry.via()).isEqualTo("admin-api");
              assertThat(entry.onBehalfOf()).isEqualTo("admin");
              assertThat(entry.requestId()).isEqualTo("req-audit-1");
              assertThat(entry.outcome()).isEqualTo("allowed");
            });
    assertThat(entries)
        .anySatisfy(
            entry -> assertThat(entry.action() + " " + entry.name()).isEqualTo("SET audited"));
  }

  @Test
  void versions_listsEveryVersionOldestFirstWithoutValues() throws Exception {
    String first =
        version(api.call("PUT", "/v1/vaults/default/secrets/versioned", "{\"value\":\"a\"}"));
    String second =
        version(api.call("PUT", "/v1/vaults/default/secrets/versioned", "{\"value\":\"b\"}"));

    var answer = api.call("GET", "/v1/vaults/default/secrets/versioned/versions", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("value")).hasSize(2);
    assertThat(answer.json().path("value").get(0).path("id").asText()).endsWith("/" + first);
    assertThat(answer.json().path("value").get(1).path("id").asText()).endsWith("/" + second);
    assertThat(answer.body()).doesNotContain("\"value\":\"a\"", "\"value\":\"b\"");
    assertThat(answer.json().path("nextLink").isNull()).isTrue();
  }

  @Test
  void list_pagesWithMaxResultsAndNextLink() throws Exception {
    api.call("PUT", "/v1/vaults/default/secrets/page-a", "{\"value\":\"x\"}");
    api.call("PUT", "/v1/vaults/default/secrets/page-b", "{\"value\":\"x\"}");
    api.call("PUT", "/v1/vaults/default/secrets/page-c", "{\"value\":\"x\"}");
    api.call("PUT", "/v1/vaults/paging", null);
    for (String name : new String[] {"a", "b", "c"}) {
      api.call("PUT", "/v1/vaults/paging/secrets/" + name, "{\"value\":\"x\"}");
    }

    var first = api.call("GET", "/v1/vaults/paging/secrets?maxresults=2", null);
    String next = first.json().path("nextLink").asText();
    var second =
        api.call(
            "GET",
            java.net.URI.create(next).getRawPath() + "?" + java.net.URI.create(next).getRawQuery(),
            null);

    assertThat(first.json().path("value")).hasSize(2);
    assertThat(first.json().path("value").get(0).path("id").asText())
        .endsWith("/v1/vaults/paging/secrets/a");
    assertThat(next).contains("/v1/vaults/paging/secrets?maxresults=2&$skiptoken=");
    assertThat(second.json().path("value")).hasSize(1);
    assertThat(second.json().path("value").get(0).path("id").asText()).endsWith("/secrets/c");
    assertThat(second.json().path("nextLink").isNull()).isTrue();
    assertThat(first.body()).doesNotContain("\"value\":\"x\"");
  }

  @Test
  void update_changesAttributesButNotTheValue() throws Exception {
    api.call(
        "PUT", "/v1/vaults/default/secrets/updated", "{\"value\":\"keep\",\"tags\":{\"a\":\"1\"}}");

    var answer =
        api.call(
            "PATCH",
            "/v1/vaults/default/secrets/updated",
            "{\"contentType\":\"application/json\",\"tags\":{\"b\":\"2\"},\"attributes\":{\"nbf\":1000}}");
    var after = api.call("GET", "/v1/vaults/default/secrets/updated", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("contentType").asText()).isEqualTo("application/json");
    assertThat(answer.json().path("tags").toString()).isEqualTo("{\"b\":\"2\"}");
    assertThat(answer.json().path("attributes").path("nbf").asLong()).isEqualTo(1000);
    assertThat(after.json().path("value").asText()).isEqualTo("keep");
  }

  @Test
  void disabledVersion_isRefusedWith403SecretDisabled() throws Exception {
    String v = version(api.call("PUT", "/v1/vaults/default/secrets/off", "{\"value\":\"x\"}"));
    api.call(
        "PATCH", "/v1/vaults/default/secrets/off/" + v, "{\"attributes\":{\"enabled\":false}}");

    var answer = api.call("GET", "/v1/vaults/default/secrets/off", null);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.errorCode()).isEqualTo("SecretDisabled");
    assertThat(answer.errorMessage()).contains("default/off").contains("disabled");
  }

  @Test
  void expiredVersion_isRefusedWith403SecretExpired() throws Exception {
    api.call(
        "PUT", "/v1/vaults/default/secrets/old", "{\"value\":\"x\",\"attributes\":{\"exp\":1000}}");

    var answer = api.call("GET", "/v1/vaults/default/secrets/old", null);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.errorCode()).isEqualTo("SecretExpired");
  }

  @Test
  void notYetValidVersion_isRefusedWith403SecretNotYetValid() throws Exception {
    api.call(
        "PUT",
        "/v1/vaults/default/secrets/later",
        "{\"value\":\"x\",\"attributes\":{\"nbf\":4102444800}}");

    var answer = api.call("GET", "/v1/vaults/default/secrets/later", null);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.errorCode()).isEqualTo("SecretNotYetValid");
  }

  @Test
  void unknownSecret_is404SecretNotFound() throws Exception {
    var answer = api.call("GET", "/v1/vaults/default/secrets/never-set", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorCode()).isEqualTo("SecretNotFound");
    assertThat(answer.errorMessage()).isEqualTo("secret default/never-set not found");
  }

  @Test
  void unknownVault_is404VaultNotFound() throws Exception {
    var answer = api.call("GET", "/v1/vaults/no-such-vault/secrets", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorCode()).isEqualTo("VaultNotFound");
    assertThat(answer.errorMessage()).isEqualTo("vault no-such-vault not found");
  }

  @Test
  void vaults_areListedAndCreated() throws Exception {
    var created = api.call("PUT", "/v1/vaults/team-a", null);
    var again = api.call("PUT", "/v1/vaults/team-a", null);
    var list = api.call("GET", "/v1/vaults", null);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("name").asText()).isEqualTo("team-a");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("Conflict");
    assertThat(again.errorMessage()).isEqualTo("vault team-a already exists");
    assertThat(list.json().findValuesAsText("name")).contains("default", "team-a");
  }

  static String version(RunningAdminServer.Answer answer) throws Exception {
    String id = answer.json().path("id").asText();
    return id.substring(id.lastIndexOf('/') + 1);
  }
}
