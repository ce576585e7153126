package io.keygate.vault.internal;

import io.keygate.vault.internal.store.VersionRow;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical bytes of a version's attributes, which its wrapped data key is bound to: a version
 * re-enabled, extended or re-tagged by writing to the database directly no longer opens.
 */
final class AttributeBinding {
  private static final byte FORMAT = 1;

  private AttributeBinding() {}

  static byte[] of(VersionRow row) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeBoolean(row.enabled());
      writeOptional(out, row.notBefore());
      writeOptional(out, row.expires());
      out.writeLong(row.created());
      out.writeLong(row.updated());
      out.writeBoolean(row.contentType() != null);
      if (row.contentType() != null) {
        out.writeUTF(row.contentType());
      }
      Map<String, String> tags = new TreeMap<>(row.tags());
      out.writeInt(tags.size());
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        out.writeUTF(tag.getKey());
        out.writeUTF(tag.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeOptional(DataOutputStream out, Long value) throws IOException {
    out.writeBoolean(value != null);
    out.writeLong(value == null ? 0 : value);
  }
}
