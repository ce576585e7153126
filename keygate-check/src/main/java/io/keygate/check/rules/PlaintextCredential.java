package io.keygate.check.rules;

import io.keygate.check.CheckContext;
import io.keygate.check.Hit;
import io.keygate.check.YamlDocument;
import io.keygate.check.plaintext.Detection;
import io.keygate.check.plaintext.PlaintextDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * KG020: a credential written in plain text in a definition or the node config. Public members of
 * inline JWKs (modulus, exponent, curve points, certificates) are public keys and skipped.
 */
final class PlaintextCredential extends BaseRule {
  private static final Pattern PUBLIC_JWK_MEMBER =
      Pattern.compile(".*/keys/\\d+/(?:n|e|x|y|crv|kid|kty|alg|use|x5t|x5t#S256|x5c(?:/\\d+)?)");

  private static final Pattern PRIVATE_JWK_MEMBER =
      Pattern.compile(".*/keys/\\d+/(?:d|p|q|dp|dq|qi|k)");

  PlaintextCredential() {
    super(
        "KG020",
        "plaintext-credential",
        "A credential written in plain text in a definition or config file.");
  }

  @Override
  public List<Hit> check(CheckContext context) {
    List<Hit> hits = new ArrayList<>();
    for (YamlDocument document : context.inputs().documents()) {
      for (YamlDocument.Scalar scalar : document.scalars()) {
        if (PUBLIC_JWK_MEMBER.matcher(scalar.pointer()).matches()) {
          continue;
        }
        String pointer = scalar.pointer();
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        List<Detection> found =
            PRIVATE_JWK_MEMBER.matcher(pointer).matches()
                ? List.of(
                    new Detection(
                        "private key member '" + field + "' of an inline JWK",
                        PlaintextDetector.masked(scalar.text())))
                : PlaintextDetector.scan(field, scalar.text());
        for (Detection d : found) {
          hits.add(
              new Hit(
                  scalar.location(),
                  d.kind()
                      + " in plain text at '"
                      + (pointer.isEmpty() ? "/" : pointer)
                      + "' "
                      + d.shown()
                      + ": store it in the vault, reference it as ${secret:vault/name}, and rotate"
                      + " it (it is in your repository history)"));
        }
      }
    }
    return hits;
  }
}
