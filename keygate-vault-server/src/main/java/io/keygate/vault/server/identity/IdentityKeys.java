package io.keygate.vault.server.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * The identity service's two keys, kept together in one file of the data directory that only the
 * owner may read (0600), like the admin token: the ES256 key that signs Keygate-issued tokens, and
 * the HMAC key under which client secrets are hashed (a stolen database alone cannot test guesses
 * against the hashes). Nodes of a cluster share the file, as they share the admin token.
 *
 * <p>Why a file and not a vault secret: a secret would be readable through the secrets APIs by
 * anyone granted {@code vault-admin} or a role on its vault, and would show in listings; the file
 * is exactly as exposed as the admin token, which already grants everything.
 */
public final class IdentityKeys {
  /** The file's name in the data directory. */
  public static final String FILE = "identity-keys.json";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final ECKey signingKey;
  private final byte[] secretHashKey;

  private IdentityKeys(ECKey signingKey, byte[] secretHashKey) {
    this.signingKey = signingKey;
    this.secretHashKey = secretHashKey;
  }

  /** New random keys, not written anywhere (tests, or a node that keeps them elsewhere). */
  public static IdentityKeys generate() {
    try {
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .keyID(UUID.randomUUID().toString())
              .generate();
      byte[] hashKey = new byte[32];
      RANDOM.nextBytes(hashKey);
      return new IdentityKeys(key, hashKey);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an ES256 key", e);
    }
  }

  /** Reads the keys from {@code file}, or generates them and writes the file (0600) first. */
  public static IdentityKeys loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        IdentityKeys fresh = generate();
        if (writeNew(file, fresh)) {
          return fresh;
        }
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the identity key file " + file, e);
    }
  }

  private static IdentityKeys read(Path file) throws IOException {
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      ECKey key = ECKey.parse(json.getJsonObject("signingKey").encode());
      byte[] hashKey = Base64.getDecoder().decode(json.getString("secretHashKey"));
      if (!key.isPrivate() || hashKey.length < 32) {
        throw new IOException("identity key file " + file + " is incomplete");
      }
      return new IdentityKeys(key, hashKey);
    } catch (ParseException | RuntimeException e) {
      // The parser's message could quote key material: say only which file is bad.
      throw new IOException("identity key file " + file + " is not valid");
    }
  }

  private static boolean writeNew(Path file, IdentityKeys keys) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try {
      if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException raced) {
      return false;
    }
    JsonObject json =
        new JsonObject()
            .put("signingKey", new JsonObject(keys.signingKey.toJSONString()))
            .put("secretHashKey", Base64.getEncoder().encodeToString(keys.secretHashKey));
    Files.writeString(
        file, json.encodePrettily(), StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    return true;
  }

  ECKey signingKey() {
    return signingKey;
  }

  byte[] secretHashKey() {
    return secretHashKey.clone();
  }

  @Override
  public String toString() {
    return "IdentityKeys[kid=" + signingKey.getKeyID() + "]";
  }
}
