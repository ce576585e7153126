package io.keygate.gateway.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes API keys with HMAC-SHA256 under a server secret. Keys are high-entropy random values, so a
 * fast keyed hash is the right tool (a slow password hash would only cost CPU per request); the
 * server secret means a stolen database alone does not let anyone test candidate keys.
 *
 * <p>Thread-safe; each thread keeps its own {@link Mac} so the hot path allocates no crypto state.
 */
public final class KeyHasher {
  static final String FILE_NAME = "gateway-hmac.key";
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec secret;
  private final ThreadLocal<Mac> macs;

  public KeyHasher(byte[] serverSecret) {
    if (serverSecret.length < 32) {
      throw new IllegalArgumentException("the gateway HMAC secret must be at least 32 bytes");
    }
    this.secret = new SecretKeySpec(serverSecret, ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /**
   * Reads the server secret from {@code <dataDir>/gateway-hmac.key}, generating it (32 random
   * bytes, file mode 0600) on first use.
   */
  public static KeyHasher loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.write(file, fresh, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException raced) {
          // Another process created it first: use theirs.
        } finally {
          Arrays.fill(fresh, (byte) 0);
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      try {
        return new KeyHasher(bytes);
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the gateway HMAC secret " + file, e);
    }
  }

  /** HMAC-SHA256 of the key's ASCII bytes. */
  public byte[] hash(String key) {
    Mac mac = macs.get();
    return mac.doFinal(key.getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether {@code presented} hashes to {@code expectedHash}, compared in constant time. */
  public boolean matches(String presented, byte[] expectedHash) {
    return MessageDigest.isEqual(hash(presented), expectedHash);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
