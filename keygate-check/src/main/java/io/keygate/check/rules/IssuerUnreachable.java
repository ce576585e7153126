package io.keygate.check.rules;

import io.keygate.check.ApiFile;
import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import io.keygate.check.IssuerProbe;
import io.keygate.check.Location;
import io.keygate.check.YamlDocument;
import io.keygate.gateway.config.JwtAuthConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KG060 ({@code --online} only): a JWT issuer whose discovery document or JWKS does not answer.
 * Issuers with inline keys need no network and are skipped; each issuer is asked once.
 */
final class IssuerUnreachable extends BaseRule {
  IssuerUnreachable() {
    super(
        "KG060",
        "jwt-issuer-unreachable",
        "A JWT issuer whose discovery document or JWKS does not answer (--online only).");
  }

  @Override
  public List<Hit> check(CheckContext context) {
    List<Hit> hits = new ArrayList<>();
    if (context.online().isEmpty()) {
      return hits;
    }
    IssuerProbe probe = context.online().get();
    Map<String, Optional<String>> asked = new HashMap<>();
    for (ApiFile file : context.inputs().apis()) {
      var auth = file.api().auth();
      if (auth == null || auth.jwt() == null) {
        continue;
      }
      for (int i = 0; i < auth.jwt().size(); i++) {
        JwtAuthConfig issuer = auth.jwt().get(i);
        // A single issuer may be written as a mapping instead of a one-item list.
        Location at =
            file.document()
                .scalar("/auth/jwt/" + i + "/issuer")
                .map(YamlDocument.Scalar::location)
                .orElseGet(() -> file.document().at("/auth/jwt/issuer"));
        if (issuer.issuer() == null || (issuer.keys() != null && !issuer.keys().isEmpty())) {
          continue;
        }
        String key = issuer.issuer() + "|" + issuer.discovery() + "|" + issuer.jwksUri();
        Optional<String> problem =
            asked.computeIfAbsent(
                key,
                k ->
                    probe.problem(
                        issuer.issuer(),
                        Optional.ofNullable(issuer.discovery()),
                        Optional.ofNullable(issuer.jwksUri())));
        problem.ifPresent(
            p ->
                hits.add(
                    new Hit(
                        at,
                        "issuer '"
                            + issuer.issuer()
                            + "' of API '"
                            + file.api().name()
                            + "' does not answer: "
                            + p
                            + "; callers of this API would all be refused")));
      }
    }
    return hits;
  }
}
