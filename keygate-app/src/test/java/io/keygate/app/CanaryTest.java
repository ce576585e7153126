package io.keygate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants canary values through every way in (flag, stdin, file, API), drives the whole CLI and API
 * surface including its errors, and checks that no output but {@code get}'s, no log line and no
 * metadata or error response contains a canary.
 */
class CanaryTest {
  private final String byFlag = canary("flag");
  private final String byStdin = canary("stdin");
  private final String byFile = canary("file");
  private final String byApi = canary("api");
  private final String inBadRequests = canary("bad");
  private final List<String> canaries = List.of(byFlag, byStdin, byFile, byApi, inBadRequests);

  @TempDir Path data;
  @TempDir Path files;

  private static String canary(String where) {
    return "CANARY-" + where + "-" + UUID.randomUUID();
  }

  @Test
  void canaries_appearOnlyInWhatGetPrints() throws Exception {
    List<String> mustBeClean = new ArrayList<>();
    List<String> served = new ArrayList<>();
    String logs;
    try (CapturedLogs captured = CapturedLogs.start()) {
      try (RunningNode keygate = new RunningNode(data)) {
        driveTheCli(keygate, mustBeClean, served);
        driveTheApi(keygate, mustBeClean, served);
      }
      logs = captured.text();
    }
    mustBeClean.add(logs);

    assertThat(served).anySatisfy(out -> assertThat(out).isEqualTo(byFlag));
    assertThat(String.join("\n", served)).contains(byStdin, byFile, byApi);
    for (String text : mustBeClean) {
      for (String canary : canaries) {
        assertThat(text).doesNotContain(canary);
      }
    }
    assertThat(logs).contains("keygate stopped");
    for (Path file : storeFiles()) {
      String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String canary : canaries) {
        assertThat(bytes).as(file.toString()).doesNotContain(canary);
      }
    }
  }

  private List<Path> storeFiles() throws Exception {
    try (Stream<Path> list = Files.list(data)) {
      return list.filter(p -> p.getFileName().toString().startsWith("vault.db")).toList();
    }
  }

  private void driveTheCli(RunningNode keygate, List<String> clean, List<String> served)
      throws Exception {
    Path valueFile = files.resolve("value");
    Files.writeString(valueFile, byFile);
    Path blob = files.resolve("blob");

    clean(clean, keygate.cli(null, "secret", "set", "by-flag", "--value", byFlag, "--tag", "a=b"));
    clean(clean, keygate.cli(byStdin, "secret", "set", "by-stdin", "-o", "json"));
    clean(clean, keygate.cli(null, "secret", "set", "by-file", "--file", valueFile.toString()));

    served.add(keygate.cli(null, "secret", "get", "by-flag").out());
    served.add(keygate.cli(null, "secret", "get", "by-stdin", "-o", "json").out());
    served.add(keygate.cli(null, "secret", "get", "by-file").out());
    var getVersion = keygate.cli(null, "secret", "versions", "by-flag", "-o", "json");
    clean(clean, getVersion);

    clean(clean, keygate.cli(null, "secret", "list"));
    clean(clean, keygate.cli(null, "secret", "list", "-o", "json"));
    clean(clean, keygate.cli(null, "secret", "versions", "by-flag"));
    clean(clean, keygate.cli(null, "secret", "update", "by-flag", "--enabled", "false"));
    clean(clean, keygate.cli(null, "secret", "get", "by-flag"));
    clean(clean, keygate.cli(null, "secret", "get", "by-flag", "-o", "json"));
    clean(
        clean, keygate.cli(null, "secret", "update", "by-flag", "--enabled", "true", "-o", "json"));
    clean(clean, keygate.cli(null, "secret", "backup", "by-flag", "--out", blob.toString()));
    clean(clean, keygate.cli(null, "secret", "backup", "by-stdin"));
    clean(clean, keygate.cli(null, "secret", "delete", "by-flag"));
    clean(clean, keygate.cli(null, "secret", "delete", "by-flag", "-o", "json"));
    clean(clean, keygate.cli(null, "secret", "get", "by-flag", "--deleted", "-o", "json"));
    clean(clean, keygate.cli(null, "secret", "list", "--deleted"));
    clean(clean, keygate.cli(null, "secret", "set", "by-flag", "--value", inBadRequests));
    clean(clean, keygate.cli(null, "secret", "recover", "by-flag"));
    clean(clean, keygate.cli(null, "secret", "delete", "by-flag"));
    clean(clean, keygate.cli(null, "secret", "purge", "by-flag"));
    clean(clean, keygate.cli(null, "secret", "restore", "--file", blob.toString()));
    served.add(keygate.cli(null, "secret", "get", "by-flag").out());
    clean(clean, keygate.cli(inBadRequests.repeat(1000), "secret", "set", "too-big"));
    clean(clean, keygate.cli(null, "secret", "set", "nowhere/x", "--value", inBadRequests));
    clean(clean, keygate.cli(null, "secret", "set", "bad_name", "--value", inBadRequests));
    clean(clean, keygate.cli(null, "secret", "get", "missing"));
    clean(clean, keygate.cli(null, "vault", "list"));
    clean(clean, keygate.cli(null, "vault", "create", "other"));
    clean(clean, keygate.cli(null, "vault", "rotate-master-key"));
    served.add(keygate.cli(null, "secret", "get", "by-file").out());
    clean.add(Files.readString(blob));
  }

  private void driveTheApi(RunningNode keygate, List<String> clean, List<String> served)
      throws Exception {
    Raw api = new Raw(keygate);
    String secret = "/v1/vaults/default/secrets/by-api";

    clean.add(api.send("PUT", secret, "{\"value\":\"" + byApi + "\",\"contentType\":\"x\"}"));
    served.add(api.send("GET", secret, null));
    clean.add(api.send("GET", secret + "/versions", null));
    clean.add(api.send("GET", "/v1/vaults/default/secrets?maxresults=1", null));
    clean.add(api.send("PATCH", secret, "{\"tags\":{\"k\":\"v\"}}"));
    String bad = inBadRequests;
    clean.add(api.send("PUT", secret, "{\"value\": " + bad + "}"));
    clean.add(api.send("PUT", secret, "{\"value\":\"" + bad));
    clean.add(api.send("PUT", secret, "{\"value\":\"" + bad + "\",\"value\":\"x\"}"));
    clean.add(api.send("PUT", secret, "{\"value\":\"" + bad + "\",\"valeu\":\"x\"}"));
    clean.add(
        api.send("PUT", secret, "{\"value\":\"x\",\"attributes\":{\"enabled\":\"" + bad + "\"}}"));
    clean.add(api.send("PUT", secret, "{\"value\":\"x\",\"tags\":{\"t\":{\"" + bad + "\":1}}}"));
    clean.add(api.send("PUT", secret, "{\"value\":\"" + bad.repeat(1000) + "\"}"));
    clean.add(api.send("PATCH", secret, "{\"value\":\"" + bad + "\"}"));
    clean.add(
        api.send("POST", "/v1/vaults/default/secrets/restore", "{\"value\":\"" + bad + "\"}"));
    String garbage = Base64.getUrlEncoder().encodeToString(bad.getBytes(StandardCharsets.UTF_8));
    clean.add(
        api.send("POST", "/v1/vaults/default/secrets/restore", "{\"value\":\"" + garbage + "\"}"));
    clean.add(api.send("POST", "/v1/master-key/rotate", "{\"keyMaterial\":\"" + bad + "\"}"));
    clean.add(api.send("POST", "/v1/master-key/rotate", "{\"passphrase\":" + bad + "}"));
    clean.add(api.send("DELETE", secret, null));
    clean.add(api.send("GET", "/v1/vaults/default/deletedsecrets", null));
    clean.add(api.send("GET", "/health/ready", null));
  }

  private static void clean(List<String> clean, RunningNode.Run run) {
    clean.add(run.out());
    clean.add(run.err());
  }

  /** Raw HTTPS requests (malformed bodies included) with the admin token and pinned certificate. */
  private static final class Raw {
    private final RunningNode keygate;
    private final HttpClient http;
    private final String token;

    Raw(RunningNode keygate) throws Exception {
      this.keygate = keygate;
      this.token = Files.readString(keygate.data.resolve("admin-token")).strip();
      this.http =
          HttpClient.newBuilder()
              .sslContext(keygate.adminTls())
              .version(HttpClient.Version.HTTP_1_1)
              .build();
    }

    /** The status line and body of the answer. */
    String send(String method, String path, String body) throws Exception {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(keygate.address() + path))
              .header("Authorization", "Bearer " + token)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(method + " " + path).isLessThan(500);
      return response.statusCode() + " " + response.headers().map() + " " + response.body();
    }
  }
}
