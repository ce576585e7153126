package io.keygate.vault.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The audit trail's hash chain: each entry's hash covers the entry and the hash of the entry before
 * it, so changing, removing or reordering any entry breaks every hash after it.
 *
 * <p>The hash is SHA-256 (lowercase hex) over {@code "keygate-audit-v1"} followed by these fields,
 * each as a 4-byte big-endian length and its UTF-8 bytes: seq (decimal), entry id, time (epoch
 * milliseconds, decimal), principals (space-separated), on-behalf-of, via, api, action, vault,
 * name, version, outcome, code, request id, previous hash. Length prefixes make the encoding
 * unambiguous: no two different entries encode to the same bytes.
 */
public final class AuditChain {
  /** The previous hash of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  private static final byte[] DOMAIN = "keygate-audit-v1".getBytes(StandardCharsets.UTF_8);

  private AuditChain() {}

  /** The hash of {@code entry} at position {@code seq}, after {@code previousHash}. */
  public static String hash(long seq, String entryId, AuditEntry entry, String previousHash) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    bytes.writeBytes(DOMAIN);
    field(bytes, Long.toString(seq));
    field(bytes, entryId);
    field(bytes, Long.toString(entry.time().toEpochMilli()));
    field(bytes, String.join(" ", entry.principals()));
    field(bytes, entry.onBehalfOf());
    field(bytes, entry.via());
    field(bytes, entry.api());
    field(bytes, entry.action());
    field(bytes, entry.vault());
    field(bytes, entry.name());
    field(bytes, entry.version());
    field(bytes, entry.outcome());
    field(bytes, entry.code());
    field(bytes, entry.requestId());
    field(bytes, previousHash);
    return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()));
  }

  /** Whether {@code stored} is the hash {@code entry} should have; constant-time. */
  public static boolean matches(ChainedEntry entry) {
    String expected = hash(entry.seq(), entry.entryId(), entry.entry(), entry.previousHash());
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        entry.hash().getBytes(StandardCharsets.US_ASCII));
  }

  private static void field(ByteArrayOutputStream bytes, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    bytes.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
    bytes.writeBytes(utf8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
