package io.keygate.vault.internal.backup;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.internal.barrier.Barrier;
import io.keygate.vault.internal.store.VersionRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backup blob, format 1: {@code "KGBK" 0x01 | length | blob key wrapped by the master key |
 * payload sealed by the blob key}. The payload (binary) holds the secret's name, its current
 * version and every version's attributes and value. Only a vault with the same master key opens it;
 * any change to any byte makes it fail.
 */
public final class BackupFormat {
  private static final byte[] MAGIC = "KGBK".getBytes(StandardCharsets.US_ASCII);
  private static final byte FORMAT = 1;
  private static final byte[] KEY_AD = "keygate/v1/backup-key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PAYLOAD_AD = "keygate/v1/backup".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_VERSIONS = 100_000;

  /** One version as backed up: attributes (no sealed parts) and the plain value. */
  public record Entry(VersionRow attributes, byte[] value) {}

  /** What a blob holds. */
  public record Contents(String name, String currentVersion, List<Entry> versions) {}

  private BackupFormat() {}

  public static byte[] write(Barrier barrier, Contents contents) throws GeneralSecurityException {
    WipeableBuffer payload = new WipeableBuffer();
    try {
      writePayload(new DataOutputStream(payload), contents);
      KeysetHandle blobKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      byte[] plaintext = payload.toByteArrayAndWipe();
      byte[] sealed;
      try {
        sealed = Barrier.aead(blobKey).encrypt(plaintext, PAYLOAD_AD);
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
      byte[] wrappedKey = barrier.wrapKeyset(blobKey, KEY_AD);
      return ByteBuffer.allocate(MAGIC.length + 1 + 4 + wrappedKey.length + sealed.length)
          .put(MAGIC)
          .put(FORMAT)
          .putInt(wrappedKey.length)
          .put(wrappedKey)
          .put(sealed)
          .array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      payload.wipe();
    }
  }

  /** Opens a blob; 400 {@code BadParameter} if it is malformed or sealed with another key. */
  public static Contents read(Barrier barrier, byte[] blob) {
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    byte[] magic = new byte[MAGIC.length];
    if (blob.length < MAGIC.length + 5 || !Arrays.equals(readInto(buffer, magic), MAGIC)) {
      throw malformed();
    }
    if (buffer.get() != FORMAT) {
      throw new BadParameter("backup blob has an unknown format version");
    }
    int keyLength = buffer.getInt();
    if (keyLength <= 0 || keyLength > buffer.remaining()) {
      throw malformed();
    }
    byte[] wrappedKey = new byte[keyLength];
    buffer.get(wrappedKey);
    byte[] sealed = new byte[buffer.remaining()];
    buffer.get(sealed);
    KeysetHandle blobKey;
    try {
      blobKey = barrier.unwrapKeyset(wrappedKey, KEY_AD);
    } catch (GeneralSecurityException e) {
      throw new BadParameter("backup blob cannot be opened with this vault's master key");
    }
    byte[] payload;
    try {
      payload = Barrier.aead(blobKey).decrypt(sealed, PAYLOAD_AD);
    } catch (GeneralSecurityException e) {
      throw new BadParameter("backup blob is corrupt: it failed authentication");
    }
    try {
      return readPayload(new DataInputStream(new ByteArrayInputStream(payload)));
    } catch (IOException | RuntimeException e) {
      throw malformed();
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
  }

  private static byte[] readInto(ByteBuffer buffer, byte[] target) {
    buffer.get(target);
    return target;
  }

  private static BadParameter malformed() {
    return new BadParameter("backup blob is malformed: not a Keygate secret backup");
  }

  private static void writePayload(DataOutputStream out, Contents contents) throws IOException {
    out.writeUTF(contents.name());
    out.writeUTF(contents.currentVersion());
    out.writeInt(contents.versions().size());
    for (Entry entry : contents.versions()) {
      VersionRow row = entry.attributes();
      out.writeUTF(row.version());
      out.writeLong(row.seq());
      out.writeBoolean(row.enabled());
      writeOptionalLong(out, row.notBefore());
      writeOptionalLong(out, row.expires());
      out.writeLong(row.created());
      out.writeLong(row.updated());
      out.writeBoolean(row.contentType() != null);
      if (row.contentType() != null) {
        out.writeUTF(row.contentType());
      }
      out.writeInt(row.tags().size());
      for (Map.Entry<String, String> tag : row.tags().entrySet()) {
        out.writeUTF(tag.getKey());
        out.writeUTF(tag.getValue());
      }
      out.writeInt(entry.value().length);
      out.write(entry.value());
    }
    out.flush();
  }

  private static Contents readPayload(DataInputStream in) throws IOException {
    String name = in.readUTF();
    String current = in.readUTF();
    int count = in.readInt();
    if (count < 1 || count > MAX_VERSIONS) {
      throw new IOException("bad version count");
    }
    List<Entry> versions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String version = in.readUTF();
      long seq = in.readLong();
      boolean enabled = in.readBoolean();
      Long notBefore = readOptionalLong(in);
      Long expires = readOptionalLong(in);
      long created = in.readLong();
      long updated = in.readLong();
      String contentType = in.readBoolean() ? in.readUTF() : null;
      int tagCount = in.readInt();
      if (tagCount < 0 || tagCount > 1000) {
        throw new IOException("bad tag count");
      }
      Map<String, String> tags = new LinkedHashMap<>();
      for (int t = 0; t < tagCount; t++) {
        tags.put(in.readUTF(), in.readUTF());
      }
      int length = in.readInt();
      if (length < 0 || length > in.available()) {
        throw new IOException("bad value length");
      }
      byte[] value = in.readNBytes(length);
      VersionRow row =
          new VersionRow(
              "",
              name,
              version,
              seq,
              enabled,
              notBefore,
              expires,
              created,
              updated,
              contentType,
              tags,
              new byte[0],
              new byte[0]);
      versions.add(new Entry(row, value));
    }
    return new Contents(name, current, versions);
  }

  private static void writeOptionalLong(DataOutputStream out, Long value) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeLong(value);
    }
  }

  private static Long readOptionalLong(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }

  /** A byte buffer whose backing array can be wiped: it holds plaintext values. */
  private static final class WipeableBuffer extends ByteArrayOutputStream {
    byte[] toByteArrayAndWipe() {
      byte[] copy = toByteArray();
      wipe();
      return copy;
    }

    void wipe() {
      Arrays.fill(buf, (byte) 0);
    }
  }
}
