package io.keygate.vault.apps;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One way an app proves itself: a client secret, stored only as a keyed hash, or a client
 * certificate, stored as PEM. Neither is a secret value, so records may be listed and logged.
 *
 * @param id the credential's id within the app
 * @param kind secret or certificate
 * @param hint what people may see: a secret's first three characters, a certificate's SHA-256
 *     thumbprint (hex)
 * @param material a secret's keyed hash (base64), or the certificate's PEM
 * @param created when it was added
 * @param expires when it stops being accepted, if ever
 */
public record AppCredential(
    String id,
    Kind kind,
    String hint,
    String material,
    Instant created,
    Optional<Instant> expires) {
  public AppCredential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(hint, "hint");
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
  }

  /** Whether it may be used at {@code now}. */
  public boolean activeAt(Instant now) {
    return expires.map(now::isBefore).orElse(true);
  }

  /** The kinds of credential. */
  public enum Kind {
    SECRET("secret"),
    CERTIFICATE("certificate");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    static Kind parse(String id) {
      for (Kind kind : values()) {
        if (kind.id.equals(id)) {
          return kind;
        }
      }
      throw new IllegalStateException("unknown credential kind in the store: " + id);
    }
  }
}
