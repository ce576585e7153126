package io.keygate.vault.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.rotation.generators.Generators;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
  private static final RotationContext CONTEXT =
      new RotationContext(
          "default",
          "s",
          Optional.empty(),
          Instant.EPOCH,
          name -> {
            throw new AssertionError("no secret lookups expected");
          });

  @Test
  void random_drawsFromTheAlphabet_withPrefixAndLength() {
    SecretValue value =
        generate(
            "{\"type\": \"random\", \"length\": 64, \"alphabet\": \"abcdef0123456789\", \"prefix\": \"x-\"}");
    assertThat(value.reveal()).matches("x-[a-f0-9]{64}");
  }

  @Test
  void randomBytes_areBase64UrlWithoutPadding() {
    assertThat(generate("{\"type\": \"random\", \"bytes\": 32}").reveal())
        .matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void apiKey_isThePrefixAndAHighEntropyBody_neverTheSameTwice() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String key = generate("{\"type\": \"apikey\", \"prefix\": \"kg_live_\"}").reveal();
      assertThat(key).matches("kg_live_[A-Za-z0-9_-]{43}");
      seen.add(key);
    }
    assertThat(seen).hasSize(50);
  }

  @Test
  void keyPair_isAParsablePkcs8PrivateKeyAndPublicKey() throws Exception {
    String ec =
        generate("{\"type\": \"keypair\", \"algorithm\": \"EC\", \"curve\": \"P-384\"}").reveal();
    assertThat(
            KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(der(ec, "PRIVATE KEY"))))
        .isInstanceOfSatisfying(
            ECPrivateKey.class,
            k -> assertThat(k.getParams().getCurve().getField().getFieldSize()).isEqualTo(384));
    String rsa =
        generate("{\"type\": \"keypair\", \"algorithm\": \"RSA\", \"size\": 2048}").reveal();
    assertThat(
            KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(der(rsa, "PUBLIC KEY"))))
        .isInstanceOfSatisfying(
            RSAPublicKey.class, k -> assertThat(k.getModulus().bitLength()).isEqualTo(2048));
  }

  @Test
  void keyPairWithSelfSignedCertificate_isAKeyAndACertificateSignedByIt() throws Exception {
    String pem =
        generate(
                "{\"type\": \"keypair\", \"selfSignedCertificate\": true,"
                    + " \"subject\": \"CN=payments-client,O=Keygate\", \"certificateValidity\": \"P30D\"}")
            .reveal();
    java.security.cert.X509Certificate certificate =
        (java.security.cert.X509Certificate)
            java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der(pem, "CERTIFICATE")));
    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getSubjectX500Principal().getName())
        .isEqualTo("CN=payments-client,O=Keygate");
    assertThat(certificate.getNotAfter().toInstant())
        .isEqualTo(Instant.EPOCH.plus(java.time.Duration.ofDays(30)));
    java.security.PrivateKey key =
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    signer.initVerify(certificate);
    signer.update(new byte[] {1, 2, 3});
    assertThat(signer.verify(signature)).isTrue();
  }

  @Test
  void certificateParametersWithoutSelfSignedCertificate_orABadSubject_areRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RotationPolicyJson.parse(
                    "{\"generator\": {\"type\": \"keypair\", \"subject\": \"CN=x\"}}"))
        .hasMessage(
            "generator keypair: subject and certificateValidity need selfSignedCertificate: true");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RotationPolicyJson.parse(
                    "{\"generator\": {\"type\": \"keypair\", \"selfSignedCertificate\": true, \"subject\": \"payments\"}}"))
        .hasMessage(
            "generator keypair: subject \"payments\" is not an X.500 name such as CN=payments-client");
  }

  private static byte[] der(String pem, String type) {
    int start =
        pem.indexOf("-----BEGIN " + type + "-----") + ("-----BEGIN " + type + "-----").length();
    int end = pem.indexOf("-----END " + type + "-----");
    return Base64.getMimeDecoder().decode(pem.substring(start, end));
  }

  private static SecretValue generate(String spec) {
    RotationPolicy policy = RotationPolicyJson.parse("{\"generator\": " + spec + "}");
    return Generators.standard().create(policy.generator().orElseThrow()).generate(CONTEXT);
  }
}
