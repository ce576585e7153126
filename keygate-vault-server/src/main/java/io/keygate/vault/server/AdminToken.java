package io.keygate.vault.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The admin API's bearer token. It never shows itself ({@link #toString()} is {@code [redacted]}),
 * and a presented token is compared in constant time.
 *
 * <p>A generated token is 32 random bytes (256 bits), base64url without padding.
 */
public final class AdminToken {
  private static final int MIN_LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] token;

  private AdminToken(byte[] token) {
    this.token = token;
  }

  /**
   * A token from its text.
   *
   * @throws IllegalArgumentException when it is shorter than 16 characters or has whitespace
   */
  public static AdminToken of(String text) {
    if (text.length() < MIN_LENGTH || text.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "admin token must be at least " + MIN_LENGTH + " characters without whitespace");
    }
    return new AdminToken(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A new random token. */
  public static AdminToken generate() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return of(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
  }

  /**
   * Reads the token from {@code file}, or generates one and writes it there first, readable by the
   * owner only (0600 where the file system has POSIX permissions).
   *
   * @return the token and whether it was created now
   */
  public static Loaded loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        AdminToken fresh = generate();
        if (writeNew(file, fresh)) {
          return new Loaded(fresh, true);
        }
      }
      return new Loaded(read(file), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
    }
  }

  /** Reads a token from a file written by {@link #loadOrCreate}; surrounding whitespace is cut. */
  public static AdminToken read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      return of(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("admin token file " + file + " is not valid: " + e.getMessage());
    }
  }

  private static boolean writeNew(Path file, AdminToken token) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try {
      if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException raced) {
      return false;
    }
    Files.write(file, token.token, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    return true;
  }

  /** Whether {@code presented} is this token, in time independent of where they differ. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The token text, for the one place that must send it (the CLI's Authorization header). */
  public String reveal() {
    return new String(token, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "[redacted]";
  }

  /**
   * A token read from or written to its file.
   *
   * @param token the token
   * @param created whether the file was created by this call
   */
  public record Loaded(AdminToken token, boolean created) {
    @Override
    public String toString() {
      return "Loaded[created=" + created + "]";
    }
  }
}
