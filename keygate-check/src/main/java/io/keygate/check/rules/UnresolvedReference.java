package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import io.keygate.check.ReferenceSite;
import io.keygate.check.SecretMetadata;
import io.keygate.gateway.config.ApiDefinition;
import io.keygate.gateway.config.JwtAuthConfig;
import io.keygate.secrets.SecretRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** KG001: a reference to a missing secret, vault or version, or to a claim no issuer provides. */
final class UnresolvedReference extends BaseRule {
  /** Claims every mainstream issuer (Entra ID, Okta, generic OIDC) puts in access tokens. */
  private static final Set<String> STANDARD_CLAIMS =
      Set.of(
          "sub",
          "iss",
          "aud",
          "azp",
          "tid",
          "oid",
          "appid",
          "client_id",
          "cid",
          "uid",
          "scp",
          "scope",
          "roles",
          "groups",
          "email",
          "preferred_username",
          "upn",
          "name");

  UnresolvedReference() {
    super(
        "KG001",
        "unresolved-reference",
        "A secret reference whose secret, vault or version does not exist, or that needs a claim"
            + " no configured issuer provides.");
  }

  @Override
  public List<Hit> check(CheckContext context) {
    List<Hit> hits = new ArrayList<>(context.inputs().invalidReferences());
    for (ReferenceSite site : context.inputs().references()) {
      if (!site.claims().isEmpty()) {
        claims(site, hits);
        continue;
      }
      SecretRef ref = site.ref().get();
      if (!context.covers(ref)) {
        continue;
      }
      Optional<SecretMetadata> metadata = context.metadata(ref);
      String secret = ref.vault() + "/" + ref.name();
      if (metadata.isEmpty() && context.vaultExists(ref).equals(Optional.of(false))) {
        hits.add(
            new Hit(
                site.location(),
                "vault '"
                    + ref.vault()
                    + "' of reference '"
                    + site.text()
                    + "' in API '"
                    + site.api()
                    + "' does not exist: create it with `keygate vault create "
                    + ref.vault()
                    + "` and set the secret, or fix the reference"));
      } else if (metadata.isEmpty() && !SecretRef.EMBEDDED.equals(ref.source())) {
        hits.add(
            new Hit(
                site.location(),
                "secret '"
                    + site.text()
                    + "' referenced by API '"
                    + site.api()
                    + "' does not exist in its "
                    + ref.source()
                    + ":// source: create it there or fix the reference"));
      } else if (metadata.isEmpty()) {
        hits.add(
            new Hit(
                site.location(),
                "secret '"
                    + secret
                    + "' referenced by API '"
                    + site.api()
                    + "' does not exist: create it with `keygate secret"
                    + " set "
                    + secret
                    + "` or fix the reference"));
      } else if (ref.version().isPresent()
          && metadata.get().version(ref.version().get()).isEmpty()) {
        hits.add(
            new Hit(
                site.location(),
                "version "
                    + ref.version().get()
                    + " of secret '"
                    + secret
                    + "' does not exist: pin an existing version (`keygate secret versions "
                    + secret
                    + "`) or drop the pin to use the current one"));
      }
    }
    return hits;
  }

  private static void claims(ReferenceSite site, List<Hit> hits) {
    ApiDefinition.Auth auth = site.file().api().auth();
    if (auth == null || auth.jwt() == null || auth.jwt().isEmpty()) {
      hits.add(
          new Hit(
              site.location(),
              "reference '"
                  + site.text()
                  + "' needs claim(s) "
                  + String.join(", ", site.claims())
                  + ", but API '"
                  + site.api()
                  + "' does not authenticate with JWTs, so no caller has claims: use a fixed"
                  + " reference or JWT authentication"));
      return;
    }
    Set<String> provided = new HashSet<>(STANDARD_CLAIMS);
    for (JwtAuthConfig issuer : auth.jwt()) {
      if (issuer.requiredClaims() != null) {
        provided.addAll(issuer.requiredClaims().keySet());
      }
      JwtAuthConfig.IdentityMapping id = issuer.identity();
      if (id != null) {
        for (String claim :
            new String[] {id.subject(), id.tenant(), id.groups(), id.roles(), id.clientId()}) {
          if (claim != null) {
            provided.add(claim);
          }
        }
      }
    }
    for (String claim : site.claims()) {
      if (!provided.contains(claim)) {
        hits.add(
            new Hit(
                site.location(),
                "reference '"
                    + site.text()
                    + "' needs claim '"
                    + claim
                    + "', which no issuer of API '"
                    + site.api()
                    + "' is configured to provide: list it under requiredClaims (or map it in"
                    + " identity) so tokens without it are refused"));
      }
    }
  }
}
