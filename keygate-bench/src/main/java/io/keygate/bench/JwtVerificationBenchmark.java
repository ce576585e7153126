package io.keygate.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.gateway.auth.jwt.JwksRegistry;
import io.keygate.gateway.auth.jwt.JwtAuthenticator;
import io.keygate.gateway.auth.jwt.JwtSettings;
import io.keygate.gateway.config.JwtAuthConfig;
import io.vertx.core.Vertx;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JWT authentication with a warm key set (inline keys: no HTTP), for RS256 and ES256, with the
 * verified-token cache on (the gateway's default) and off. The reference is Nimbus's bare signature
 * check of the same token, measured in the same run: the ratio shows what claim checks, identity
 * mapping and the cache cost or save.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JwtVerificationBenchmark {
  private static final String ISSUER = "https://login.example.test/tenant/v2.0";
  private static final String AUDIENCE = "api://bench";

  @Param({"RS256", "ES256"})
  String algorithm;

  private Vertx vertx;
  private JwksRegistry cached;
  private JwksRegistry uncached;
  private JwtAuthenticator withCache;
  private JwtAuthenticator withoutCache;
  private String token;
  private SignedJWT parsed;
  private JWSVerifier bareVerifier;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    JWK key;
    JWSSigner signer;
    JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
    if (alg == JWSAlgorithm.RS256) {
      RSAKey rsa = new RSAKeyGenerator(2048).keyID("bench-rsa").generate();
      key = rsa;
      signer = new RSASSASigner(rsa);
      bareVerifier = new RSASSAVerifier(rsa.toPublicJWK());
    } else {
      ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("bench-ec").generate();
      key = ec;
      signer = new ECDSASigner(ec);
      bareVerifier = new ECDSAVerifier(ec.toPublicJWK());
    }
    Date now = new Date();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
            new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("user-1")
                .claim("oid", "00000000-0000-0000-0000-000000000001")
                .claim("tid", "tenant")
                .claim("azp", "client-1")
                .claim("groups", List.of("g1", "g2"))
                .issueTime(now)
                .notBeforeTime(now)
                .expirationTime(new Date(now.getTime() + 3_600_000))
                .build());
    jwt.sign(signer);
    token = jwt.serialize();
    parsed = SignedJWT.parse(token);

    vertx = Vertx.vertx();
    JwtAuthConfig issuer =
        new JwtAuthConfig(
            ISSUER,
            null,
            List.of(AUDIENCE),
            List.of(algorithm),
            null,
            new JwtAuthConfig.IdentityMapping("entra", null, null, null, null, null),
            null,
            null,
            null,
            null,
            List.of(key.toPublicJWK().toJSONObject()));
    cached = JwksRegistry.create(vertx);
    uncached = JwksRegistry.create(vertx, JwtSettings.DEFAULTS.withVerifiedTokenCacheSize(0));
    withCache = JwtAuthenticator.create(vertx, List.of(issuer), cached);
    withoutCache = JwtAuthenticator.create(vertx, List.of(issuer), uncached);
    withCache.ready().await();
    withoutCache.ready().await();
    if (withCache.authenticateToken(token).await() == null) {
      throw new IllegalStateException("the benchmark token was not accepted");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    withCache.close();
    withoutCache.close();
    cached.close();
    uncached.close();
    vertx.close().await();
  }

  @Benchmark
  public Object authenticate_verifiedTokenCache() {
    return withCache.authenticateToken(token).result();
  }

  @Benchmark
  public Object authenticate_noCache() {
    return withoutCache.authenticateToken(token).result();
  }

  @Benchmark
  public boolean reference_bareNimbusSignatureCheck() throws Exception {
    return parsed.verify(bareVerifier);
  }
}
