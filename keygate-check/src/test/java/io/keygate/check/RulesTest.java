package io.keygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.keygate.secrets.SecretRef;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules whose behaviour the golden files do not show. */
class RulesTest {
  @TempDir Path repo;

  private Report check(String profile, MetadataSource source, Optional<IssuerProbe> probe)
      throws Exception {
    CheckInputs inputs =
        CheckInputs.read(
            repo, repo.resolve("apis"), repo.resolve("policies"), Optional.empty(), List.of());
    return Check.run(
        new CheckContext(
            inputs, Profiles.builtIn(profile, Check.ruleIds()), FixtureSource.NOW, source, probe));
  }

  private void api(String file, String yaml) throws Exception {
    Files.createDirectories(repo.resolve("apis"));
    Files.writeString(repo.resolve("apis").resolve(file), yaml);
  }

  @Test
  void envAndFileReferences_areFindingsOnlyUnderAProductionProfile() throws Exception {
    api(
        "local.yaml",
        """
        name: local
        listen: { path: /local/ }
        upstream: { url: http://127.0.0.1:9000 }
        auth: { apiKey: {} }
        inject:
          - header: X-Token
            value: "${secret:env://LOCAL_TOKEN}"
          - header: X-File
            value: "${secret:file:///run/secrets/token}"
        """);

    assertThat(check("default", new FixtureSource(), Optional.empty()).findingsOf("KG050"))
        .isEmpty();
    assertThat(check("soc2", new FixtureSource(), Optional.empty()).findingsOf("KG050"))
        .extracting(f -> f.location().line())
        .containsExactly(7, 9);
  }

  @Test
  void aSourceWithoutRotationData_skipsRotationRules_insteadOfReportingNoPolicy() throws Exception {
    api(
        "p.yaml",
        """
        name: p
        listen: { path: /p/ }
        upstream: { url: http://127.0.0.1:9000 }
        auth: { apiKey: {} }
        inject:
          - header: X-Token
            value: "${secret:payments/token}"
        """);
    FixtureSource remote =
        new FixtureSource()
            .put(
                SecretMetadata.withoutRotation(
                    SecretRef.of("payments", "token"),
                    "a1".repeat(16),
                    List.of(
                        FixtureSource.version(
                            "a1".repeat(16),
                            true,
                            null,
                            FixtureSource.days(100),
                            FixtureSource.days(-500)))));

    Report report = check("soc2", remote, Optional.empty());

    assertThat(report.findings()).isEmpty();
  }

  @Test
  void online_reportsAnIssuerWhoseJwksDoesNotAnswer_andNotOneThatDoes() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext(
        "/good/.well-known/openid-configuration",
        ex -> respond(ex, 200, "{\"jwks_uri\":\"" + base + "/good/jwks\"}"));
    server.createContext("/good/jwks", ex -> respond(ex, 200, "{\"keys\":[{\"kty\":\"RSA\"}]}"));
    server.createContext(
        "/bad/.well-known/openid-configuration",
        ex -> respond(ex, 200, "{\"jwks_uri\":\"" + base + "/bad/jwks\"}"));
    server.createContext("/bad/jwks", ex -> respond(ex, 503, "{}"));
    server.start();
    try {
      for (String name : List.of("good", "bad")) {
        api(
            name + ".yaml",
            """
            name: %s
            listen: { path: /%s/ }
            upstream: { url: http://127.0.0.1:9000 }
            auth:
              jwt:
                issuer: %s/%s
                audience: api://x
            """
                .formatted(name, name, base, name));
      }
      IssuerProbe probe = new HttpIssuerProbe(java.time.Duration.ofSeconds(5));

      Report report = check("default", new FixtureSource(), Optional.of(probe));

      assertThat(report.findingsOf("KG060"))
          .extracting(Finding::message)
          .containsExactly(
              "issuer '"
                  + base
                  + "/bad' of API 'bad' does not answer: JWKS "
                  + base
                  + "/bad/jwks: HTTP 503; callers of this API would all be refused");
      assertThat(report.findingsOf("KG060").get(0).location().toString())
          .isEqualTo("apis/bad.yaml:6");
      assertThat(check("default", new FixtureSource(), Optional.empty()).findingsOf("KG060"))
          .isEmpty();
    } finally {
      server.stop(0);
    }
  }

  private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
