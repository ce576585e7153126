package io.keygate.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

/**
 * Makes the load harness's JWT scenario: a fresh RS256 key, its public JWK (for an API definition's
 * inline {@code keys}) and one token valid for an hour. Usage: {@code MintToken ISSUER AUDIENCE
 * OUT_DIR}; writes {@code jwk.json} and {@code token} there. For benchmarks only.
 */
public final class MintToken {
  private MintToken() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: MintToken ISSUER AUDIENCE OUT_DIR");
      System.exit(2);
    }
    RSAKey key = new RSAKeyGenerator(2048).keyID("load-harness").generate();
    Date now = new Date();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            new JWTClaimsSet.Builder()
                .issuer(args[0])
                .audience(args[1])
                .subject("load-user")
                .claim("azp", "load-client")
                .issueTime(now)
                .notBeforeTime(now)
                .expirationTime(new Date(now.getTime() + 3_600_000))
                .build());
    jwt.sign(new RSASSASigner(key));
    Path out = Path.of(args[2]);
    Files.writeString(out.resolve("jwk.json"), key.toPublicJWK().toJSONString());
    Files.writeString(out.resolve("token"), jwt.serialize());
  }
}
