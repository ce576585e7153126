package io.keygate.vault.rotation.generators;

import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.rotation.Generator;
import io.keygate.vault.rotation.GeneratorSpec;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashSet;
import javax.net.ssl.SSLContext;

/** Builds a generator from its spec; every impossible parameter is a 400 that names it. */
public final class Generators {
  private final HttpClient webhookClient;
  private final SSLContext ssl;

  private Generators(HttpClient webhookClient, SSLContext ssl) {
    this.webhookClient = webhookClient;
    this.ssl = ssl;
  }

  /** The trust given to {@link #trusting}, if any (event webhooks use it too). */
  public java.util.Optional<SSLContext> sslContext() {
    return java.util.Optional.ofNullable(ssl);
  }

  /** Generators whose webhooks trust the JDK's default CAs. */
  public static Generators standard() {
    return new Generators(client(null), null);
  }

  /** Generators whose webhooks trust {@code ssl} (a private CA, or a test's self-signed cert). */
  public static Generators trusting(SSLContext ssl) {
    return new Generators(client(ssl), ssl);
  }

  /** Checks a spec without building anything that connects. */
  public static void validate(GeneratorSpec spec) {
    standardForValidation().create(spec);
  }

  public Generator create(GeneratorSpec spec) {
    credentials(spec);
    return switch (spec.type()) {
      case "random" -> new RandomGenerator(spec);
      case "apikey" -> new ApiKeyGenerator(spec);
      case "keypair" -> new PemKeyPairGenerator(spec);
      case "postgres-password" -> new PostgresPasswordGenerator(spec);
      case "webhook" -> new WebhookGenerator(spec, webhookClient);
      default ->
          throw new BadParameter(
              "generator type \""
                  + spec.type()
                  + "\" is invalid: use random, apikey, keypair, postgres-password or webhook");
    };
  }

  static void range(String type, String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new BadParameter(
          "generator "
              + type
              + ": "
              + field
              + " must be between "
              + min
              + " and "
              + max
              + ", was "
              + value);
    }
  }

  private static void credentials(GeneratorSpec spec) {
    if (spec.credentials().isEmpty()) {
      return;
    }
    if (spec.credentials().size() != 2 || new HashSet<>(spec.credentials()).size() != 2) {
      throw new BadParameter("generator.credentials must name exactly two different credentials");
    }
    for (String credential : spec.credentials()) {
      if (credential.isEmpty() || credential.length() > 127) {
        throw new BadParameter("generator.credentials: each name must be 1 to 127 characters");
      }
    }
  }

  private static Generators validator;

  private static synchronized Generators standardForValidation() {
    if (validator == null) {
      validator = new Generators(null, null);
    }
    return validator;
  }

  private static HttpClient client(SSLContext ssl) {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (ssl != null) {
      builder.sslContext(ssl);
    }
    return builder.build();
  }
}
