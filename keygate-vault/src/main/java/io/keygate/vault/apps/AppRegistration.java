package io.keygate.vault.apps;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A registered app: the principal {@code app:<clientId>} and the credentials it may prove itself
 * with.
 *
 * @param clientId the app's id (a UUID unless given), as in {@code app:<clientId>}
 * @param displayName a name for people
 * @param created when it was registered
 * @param createdBy the principal that registered it
 * @param credentials its client secrets (hashes only) and certificates
 */
public record AppRegistration(
    String clientId,
    String displayName,
    Instant created,
    String createdBy,
    List<AppCredential> credentials) {
  public AppRegistration {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(createdBy, "createdBy");
    credentials = List.copyOf(credentials);
  }

  /** The app's principal. */
  public String principal() {
    return "app:" + clientId;
  }
}
