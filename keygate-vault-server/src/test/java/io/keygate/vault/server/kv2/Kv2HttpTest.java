package io.keygate.vault.server.kv2;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.keygate.secrets.SecretValue;
import io.keygate.vault.SetSecretRequest;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.rbac.Actor;
import io.keygate.vault.rbac.Role;
import io.keygate.vault.rbac.Scope;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The KV v2 API over raw HTTPS: Vault's error shapes and statuses, auth, RBAC, the native API. */
class Kv2HttpTest {
  private static final String CANARY = "canary-kv-raw-93b1e7aa";
  private static final String READER_TOKEN = "test-token-of-app-reader";
  private static final String USER_TOKEN = "test-token-of-app-user";
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  @TempDir static Path data;
  private static KvServer server;

  @BeforeAll
  static void start() throws Exception {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    server =
        new KvServer(
            data, Map.of(READER_TOKEN, List.of("app:reader"), USER_TOKEN, List.of("app:user")));
    server.vault.createVault("kv");
    Actor admin = Actor.admin("test", "");
    server.vault.roles().assign(admin, "app:reader", Role.SECRETS_READER, Scope.vault("kv"));
    server
        .vault
        .roles()
        .assign(admin, "app:user", Role.SECRETS_USER, Scope.secret("kv", "app--db"));
    KvServer.Answer written =
        server.vault("POST", "/v1/kv/data/app/db", "{\"data\":{\"password\":\"" + CANARY + "\"}}");
    assertThat(written.status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    assertThat(LOGS.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(message -> message.contains(CANARY));
  }

  @Test
  void aWrite_answersVaultsEnvelopeWithTheNewVersionsMetadata() throws Exception {
    KvServer.Answer answer =
        server.vault("PUT", "/v1/kv/data/shape/one", "{\"data\":{\"k\":\"v\"}}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("request_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(answer.json().path("lease_id").asText()).isEmpty();
    assertThat(answer.json().path("data").path("version").asInt()).isEqualTo(1);
    assertThat(answer.json().path("data").path("destroyed").asBoolean()).isFalse();
    assertThat(answer.json().path("data").path("deletion_time").asText()).isEmpty();
    assertThat(answer.json().path("data").path("created_time").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
  }

  @Test
  void anEncodedSlashInThePath_isRefused_notTakenAsASeparator() throws Exception {
    for (String path :
        List.of("/v1/kv/data/app%2Fdb", "/v1/kv/metadata/app%2fdb", "/v1/kv/data/a%5Cb")) {
      KvServer.Answer answer = server.vault("GET", path, null);

      assertThat(answer.status()).as(path).isEqualTo(400);
      assertThat(answer.body())
          .isEqualTo(
              "{\"errors\":[\"the path contains an encoded slash or backslash (%2F, %5C)\"]}");
    }
  }

  @Test
  void aMissingSecret_is404WithAnEmptyErrorList() throws Exception {
    KvServer.Answer answer = server.vault("GET", "/v1/kv/data/no/such/secret", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body()).isEqualTo("{\"errors\":[]}");
  }

  @Test
  void aMissingOrInvalidToken_isPermissionDenied() throws Exception {
    KvServer.Answer none = server.send("GET", "/v1/kv/data/app/db", null, Map.of());
    KvServer.Answer wrong =
        server.send("GET", "/v1/kv/data/app/db", null, Map.of("X-Vault-Token", "not-a-token"));
    KvServer.Answer bearer =
        server.send(
            "GET", "/v1/kv/data/app/db", null, Map.of("Authorization", "Bearer not-a-token"));

    for (KvServer.Answer answer : List.of(none, wrong, bearer)) {
      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    }
  }

  @Test
  void theAdminTokenAsBearer_isAcceptedToo() throws Exception {
    KvServer.Answer answer =
        server.send(
            "GET",
            "/v1/kv/data/app/db",
            null,
            Map.of("Authorization", "Bearer " + server.token.reveal()));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("data").path("password").asText()).isEqualTo(CANARY);
  }

  @Test
  void rbac_letsAReaderSeeMetadataButNotValues_andAUserReadOnlyItsSecret() throws Exception {
    Map<String, String> reader = Map.of("X-Vault-Token", READER_TOKEN);
    Map<String, String> user = Map.of("X-Vault-Token", USER_TOKEN);

    KvServer.Answer metadata = server.send("GET", "/v1/kv/metadata/app/db", null, reader);
    KvServer.Answer value = server.send("GET", "/v1/kv/data/app/db", null, reader);
    KvServer.Answer write =
        server.send("POST", "/v1/kv/data/app/db", "{\"data\":{\"x\":\"y\"}}", user);
    KvServer.Answer metadataWrite = server.send("POST", "/v1/kv/metadata/app/db", "{}", reader);
    KvServer.Answer own = server.send("GET", "/v1/kv/data/app/db", null, user);

    assertThat(metadata.status()).isEqualTo(200);
    assertThat(metadata.json().path("data").path("current_version").asInt()).isEqualTo(1);
    assertThat(value.status()).isEqualTo(403);
    assertThat(value.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");
    assertThat(write.status()).isEqualTo(403);
    assertThat(metadataWrite.status()).isEqualTo(403);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().path("data").path("data").path("password").asText()).isEqualTo(CANARY);
    assertThat(server.vault.audit().recent(50))
        .anySatisfy(
            entry -> {
              assertThat(entry.via()).isEqualTo("kv2-api");
              assertThat(entry.onBehalfOf()).isEqualTo("app:reader");
              assertThat(entry.action()).isEqualTo("READ_VALUE");
              assertThat(entry.outcome()).isEqualTo(AuditEntry.DENIED);
            });
  }

  @Test
  void listing_showsOnlyWhatTheCallerMaySee() throws Exception {
    server.vault("POST", "/v1/kv/data/list/a", "{\"data\":{\"k\":\"v\"}}");
    server.vault("POST", "/v1/kv/data/list/b/c", "{\"data\":{\"k\":\"v\"}}");

    KvServer.Answer byMethod = server.vault("LIST", "/v1/kv/metadata/list", null);
    KvServer.Answer byQuery = server.vault("GET", "/v1/kv/metadata/list/?list=true", null);
    KvServer.Answer asUser =
        server.send(
            "GET", "/v1/kv/metadata/list?list=true", null, Map.of("X-Vault-Token", USER_TOKEN));

    assertThat(byMethod.status()).isEqualTo(200);
    assertThat(byMethod.json().path("data").path("keys").toString()).isEqualTo("[\"a\",\"b/\"]");
    assertThat(byQuery.json().path("data").path("keys").toString()).isEqualTo("[\"a\",\"b/\"]");
    assertThat(asUser.status()).isEqualTo(404);
    assertThat(asUser.body()).isEqualTo("{\"errors\":[]}");
  }

  @Test
  void aCasMismatch_is400WithVaultsMessage() throws Exception {
    server.vault("POST", "/v1/kv/data/cas/raw", "{\"data\":{\"n\":\"1\"}}");

    KvServer.Answer stale =
        server.vault(
            "POST", "/v1/kv/data/cas/raw", "{\"options\":{\"cas\":0},\"data\":{\"n\":\"2\"}}");
    KvServer.Answer right =
        server.vault(
            "POST", "/v1/kv/data/cas/raw", "{\"options\":{\"cas\":1},\"data\":{\"n\":\"2\"}}");

    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.body())
        .isEqualTo("{\"errors\":[\"check-and-set parameter did not match the current version\"]}");
    assertThat(right.status()).isEqualTo(200);
    assertThat(right.json().path("data").path("version").asInt()).isEqualTo(2);
  }

  @Test
  void badInput_is400InVaultsShape_andNeverEchoesTheBody() throws Exception {
    KvServer.Answer badJson =
        server.vault("POST", "/v1/kv/data/bad/json", "{\"data\":{\"p\":" + CANARY + "}}");
    KvServer.Answer noData = server.vault("POST", "/v1/kv/data/bad/json", "{\"x\":1}");
    KvServer.Answer badPath = server.vault("POST", "/v1/kv/data/my_app/db", "{\"data\":{}}");
    KvServer.Answer badVersion = server.vault("GET", "/v1/kv/data/app/db?version=x", null);
    KvServer.Answer noPath = server.vault("GET", "/v1/kv/data/", null);

    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.body()).isEqualTo("{\"errors\":[\"failed to parse JSON input\"]}");
    assertThat(noData.body()).isEqualTo("{\"errors\":[\"no data provided\"]}");
    assertThat(badPath.status()).isEqualTo(400);
    assertThat(badPath.json().path("errors").get(0).asText())
        .startsWith("path 'my_app/db' cannot be stored in Keygate");
    assertThat(badVersion.body())
        .isEqualTo("{\"errors\":[\"invalid version: a version is a whole number\"]}");
    assertThat(noPath.status()).isEqualTo(400);
    assertThat(noPath.body()).isEqualTo("{\"errors\":[\"missing secret path\"]}");
  }

  @Test
  void anUnknownMount_is404InVaultsShape() throws Exception {
    KvServer.Answer answer = server.vault("GET", "/v1/nomount/data/app/db", null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body())
        .isEqualTo(
            "{\"errors\":[\"no handler for route: no Keygate vault serves this KV mount\"]}");
  }

  @Test
  void nativeRoutes_stillAnswerAsBefore() throws Exception {
    KvServer.Answer withToken =
        server.send(
            "GET", "/v1/vaults", null, Map.of("Authorization", "Bearer " + server.token.reveal()));
    KvServer.Answer withoutToken = server.send("GET", "/v1/vaults", null, Map.of());
    KvServer.Answer vaultTokenOnNative =
        server.send(
            "GET", "/v1/vaults/kv/secrets", null, Map.of("X-Vault-Token", server.token.reveal()));
    KvServer.Answer reservedMount =
        server.send("GET", "/v1/rbac/data/x", null, Map.of("X-Vault-Token", server.token.reveal()));

    assertThat(withToken.status()).isEqualTo(200);
    assertThat(withToken.body()).contains("\"name\":\"kv\"");
    assertThat(withoutToken.status()).isEqualTo(401);
    assertThat(withoutToken.json().path("error").path("code").asText()).isEqualTo("Unauthorized");
    assertThat(vaultTokenOnNative.status()).isEqualTo(401);
    assertThat(reservedMount.status()).isEqualTo(401);
  }

  @Test
  void health_andTokenLookup_answerAsVaultDoes() throws Exception {
    KvServer.Answer health = server.send("GET", "/v1/sys/health", null, Map.of());
    KvServer.Answer self =
        server.send(
            "GET", "/v1/auth/token/lookup-self", null, Map.of("X-Vault-Token", READER_TOKEN));
    KvServer.Answer anonymous = server.send("GET", "/v1/auth/token/lookup-self", null, Map.of());

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("sealed").asBoolean()).isFalse();
    assertThat(health.json().path("initialized").asBoolean()).isTrue();
    assertThat(self.status()).isEqualTo(200);
    assertThat(self.json().path("data").path("display_name").asText()).isEqualTo("app:reader");
    assertThat(self.body()).doesNotContain(READER_TOKEN);
    assertThat(anonymous.status()).isEqualTo(403);
  }

  @Test
  void aFutureExpiry_isNoDeletionTime_butAnExpiredVersionReadsAsDeleted() throws Exception {
    Instant now = Instant.now();
    server.vault.setSecret(
        "kv",
        "expiring",
        SetSecretRequest.of(SecretValue.of("{\"k\":\"old\"}")).withExpires(now.minusSeconds(60)));
    server.vault.setSecret(
        "kv",
        "expiring",
        SetSecretRequest.of(SecretValue.of("{\"k\":\"new\"}")).withExpires(now.plusSeconds(3600)));

    KvServer.Answer latest = server.vault("GET", "/v1/kv/data/expiring", null);
    KvServer.Answer expired = server.vault("GET", "/v1/kv/data/expiring?version=1", null);

    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.json().path("data").path("metadata").path("deletion_time").asText())
        .isEmpty();
    assertThat(expired.status()).isEqualTo(404);
    assertThat(expired.json().path("data").path("data").isNull()).isTrue();
    assertThat(expired.json().path("data").path("metadata").path("deletion_time").asText())
        .isEqualTo(KvJson.time(now.minusSeconds(60).truncatedTo(ChronoUnit.SECONDS)));
  }

  @Test
  void theCliPreflight_saysTheMountIsKvVersion2() throws Exception {
    KvServer.Answer answer = server.vault("GET", "/v1/sys/internal/ui/mounts/kv/app/db", null);
    KvServer.Answer anonymous =
        server.send("GET", "/v1/sys/internal/ui/mounts/kv/app/db", null, Map.of());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("data").path("path").asText()).isEqualTo("kv/");
    assertThat(answer.json().path("data").path("type").asText()).isEqualTo("kv");
    assertThat(answer.json().path("data").path("options").path("version").asText()).isEqualTo("2");
    assertThat(anonymous.status()).isEqualTo(403);
  }

  @Test
  void aPatch_mergesIntoTheLatestVersion() throws Exception {
    server.vault("POST", "/v1/kv/data/patch/me", "{\"data\":{\"a\":\"1\",\"b\":\"2\"}}");

    KvServer.Answer wrongType =
        server.vault("PATCH", "/v1/kv/data/patch/me", "{\"data\":{\"b\":null}}");
    KvServer.Answer patched =
        server.send(
            "PATCH",
            "/v1/kv/data/patch/me",
            "{\"data\":{\"b\":null,\"c\":\"3\"}}",
            Map.of(
                "X-Vault-Token",
                server.token.reveal(),
                "Content-Type",
                "application/merge-patch+json"));
    KvServer.Answer read = server.vault("GET", "/v1/kv/data/patch/me", null);

    assertThat(wrongType.status()).isEqualTo(415);
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.json().path("data").path("version").asInt()).isEqualTo(2);
    assertThat(read.json().path("data").path("data").toString())
        .isEqualTo("{\"a\":\"1\",\"c\":\"3\"}");
  }
}
