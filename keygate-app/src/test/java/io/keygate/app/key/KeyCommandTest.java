package io.keygate.app.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.app.Main;
import io.keygate.app.cli.CliEnvironment;
import io.keygate.app.cli.ExitCodes;
import io.keygate.gateway.admin.ManagementApi;
import io.keygate.gateway.config.FolderDefinitions;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.gateway.keys.KeyVerification;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.AdminToken;
import io.keygate.vault.server.SelfSignedCertificate;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygate key ...} against a real admin HTTPS listener with the management API mounted. */
class KeyCommandTest {
  @TempDir static Path data;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Vertx vertx;
  private static GatewayDatabase db;
  private static ApiKeys keys;
  private static AdminServer admin;
  private static AdminToken token;

  @BeforeAll
  static void start() throws Exception {
    Path policies = Files.createDirectories(data.resolve("policies"));
    Path apis = Files.createDirectories(data.resolve("apis"));
    Files.writeString(policies.resolve("standard.yaml"), "name: standard\naccess: [orders]\n");
    vertx = Vertx.vertx();
    db = GatewayDatabase.sqlite(data);
    keys = ApiKeys.open(db, KeyHasher.loadOrCreate(data));
    FolderDefinitions definitions = FolderDefinitions.open(vertx, apis, policies).await();
    SelfSignedCertificate.TlsFiles tls =
        SelfSignedCertificate.loadOrGenerate(data, List.of("127.0.0.1"));
    token = AdminToken.generate();
    admin =
        AdminServer.builder(vertx)
            .listen("127.0.0.1", 0)
            .tls(tls.certificate(), tls.privateKey())
            .token(token)
            .mount("/v1/gateway", ManagementApi.router(vertx, definitions, keys))
            .start()
            .await();
  }

  @AfterAll
  static void stop() {
    admin.close().await();
    keys.close();
    db.close();
    vertx.close().await();
  }

  @Test
  void create_printsTheKeyOnce_asJson_andTheKeyWorks() throws Exception {
    Result r =
        keygate(
            "key",
            "create",
            "--policy",
            "standard",
            "--alias",
            "shop",
            "--expires",
            "30d",
            "-o",
            "json");

    assertThat(r.exit).as(r.err).isEqualTo(ExitCodes.OK);
    JsonNode created = JSON.readTree(r.out);
    String key = created.get("key").asText();
    assertThat(key).startsWith("kg_" + created.get("id").asText() + "_");
    assertThat(created.get("alias").asText()).isEqualTo("shop");
    assertThat(keys.verify(key).outcome()).isEqualTo(KeyVerification.Outcome.ACCEPTED);
  }

  @Test
  void create_asText_printsTheKeyOnItsOwnFirstLine() {
    Result r = keygate("key", "create", "--policy", "standard");

    assertThat(r.exit).as(r.err).isEqualTo(ExitCodes.OK);
    String key = r.out.lines().findFirst().orElseThrow();
    assertThat(keys.verify(key).accepted()).isTrue();
    assertThat(r.out).contains("Store the key now: it cannot be shown again.");
  }

  @Test
  void listAndShow_printMetadataButNeverTheKey() throws Exception {
    JsonNode created =
        JSON.readTree(
            keygate("key", "create", "--policy", "standard", "--alias", "lister", "-o", "json")
                .out);
    String key = created.get("key").asText();
    String id = created.get("id").asText();

    Result list = keygate("key", "list");
    Result listJson = keygate("key", "list", "-o", "json");
    Result show = keygate("key", "show", id);

    assertThat(list.exit).isZero();
    assertThat(list.out).contains("ID", "ALIAS", "POLICY", id, "lister");
    assertThat(show.out).contains(id, "lister", "standard");
    for (Result r : List.of(list, listJson, show)) {
      assertThat(r.out + r.err).doesNotContain(key.substring(key.indexOf('_', 3) + 1));
    }
  }

  @Test
  void revoke_refusesTheKeyAtOnce() throws Exception {
    JsonNode created =
        JSON.readTree(keygate("key", "create", "--policy", "standard", "-o", "json").out);
    String id = created.get("id").asText();

    Result r = keygate("key", "revoke", id);

    assertThat(r.exit).as(r.err).isZero();
    assertThat(r.out).startsWith("revoked key " + id + " at ");
    assertThat(keys.verify(created.get("key").asText()).outcome())
        .isEqualTo(KeyVerification.Outcome.REVOKED);
  }

  @Test
  void revokingAnUnknownKey_exitsWithNotFound() {
    Result r = keygate("key", "revoke", "nosuchkey");

    assertThat(r.exit).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(r.err).contains("There is no API key with that id");
  }

  @Test
  void creatingAKeyForAnUndefinedPolicy_isAUsageError() {
    Result r = keygate("key", "create", "--policy", "platinum");

    assertThat(r.exit).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err).contains("Policy 'platinum' is not defined");
  }

  @Test
  void aWrongToken_isForbidden() {
    Result r = run(Map.of("KEYGATE_TOKEN", "wrong"), "key", "list");

    assertThat(r.exit).isEqualTo(ExitCodes.FORBIDDEN);
  }

  private static Result keygate(String... args) {
    return run(Map.of("KEYGATE_TOKEN", token.reveal()), args);
  }

  private static Result run(Map<String, String> variables, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--addr", "https://127.0.0.1:" + admin.port(), "--data", data.toString()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            CliEnvironment.of(variables, new ByteArrayInputStream(new byte[0])),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            all.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  private record Result(int exit, String out, String err) {}
}
