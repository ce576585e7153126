package io.keygate.vault.internal.store;

import java.util.Map;

/**
 * One stored secret version: attributes as stored (Unix seconds, nullable where optional) and the
 * sealed value.
 */
public record VersionRow(
    String vault,
    String name,
    String version,
    long seq,
    boolean enabled,
    Long notBefore,
    Long expires,
    long created,
    long updated,
    String contentType,
    Map<String, String> tags,
    byte[] wrappedKey,
    byte[] ciphertext) {

  public VersionRow withAttributes(
      boolean newEnabled,
      Long newNotBefore,
      Long newExpires,
      String newContentType,
      Map<String, String> newTags,
      long newUpdated) {
    return new VersionRow(
        vault,
        name,
        version,
        seq,
        newEnabled,
        newNotBefore,
        newExpires,
        created,
        newUpdated,
        newContentType,
        newTags,
        wrappedKey,
        ciphertext);
  }

  public VersionRow withWrappedKey(byte[] newWrappedKey) {
    return new VersionRow(
        vault,
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
        newWrappedKey,
        ciphertext);
  }

  @Override
  public String toString() {
    return "VersionRow[" + vault + "/" + name + "/" + version + "]";
  }
}
