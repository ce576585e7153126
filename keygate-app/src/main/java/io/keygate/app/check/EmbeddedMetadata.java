package io.keygate.app.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keygate.check.ApiKeyMetadata;
import io.keygate.check.MetadataSource;
import io.keygate.check.MetadataUnavailableException;
import io.keygate.check.RotationAttempt;
import io.keygate.check.RotationSchedule;
import io.keygate.check.SecretMetadata;
import io.keygate.check.VersionMetadata;
import io.keygate.gateway.keys.ApiKeyInfo;
import io.keygate.gateway.keys.ApiKeys;
import io.keygate.gateway.keys.GatewayDatabase;
import io.keygate.gateway.keys.KeyHasher;
import io.keygate.secrets.SecretRef;
import io.keygate.vault.Page;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.SecretVault;
import io.keygate.vault.VaultException;
import io.keygate.vault.VaultOptions;
import io.keygate.vault.audit.AuditEntry;
import io.keygate.vault.audit.AuditJson;
import io.keygate.vault.audit.ChainedEntry;
import io.keygate.vault.rotation.LifetimeAction;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.rotation.RotationPolicy;
import io.keygate.vault.rotation.RotationRecord;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Metadata from a local data directory: the vault (listings only, never a value), its rotation
 * policies and history, and the gateway's API keys. The vault's sweeper and the rotation scheduler
 * are not started, so a check changes nothing.
 */
final class EmbeddedMetadata implements MetadataSource, EvidenceSource, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecretVault vault;
  private final Rotation rotation;
  private final VaultOptions options;

  private EmbeddedMetadata(SecretVault vault, Rotation rotation, VaultOptions options) {
    this.vault = vault;
    this.rotation = rotation;
    this.options = options;
  }

  /** Opens the vault of {@code options}; refuses a data directory that holds no vault. */
  static EmbeddedMetadata open(VaultOptions options) {
    if (options.jdbcUrl().isEmpty()
        && !Files.isRegularFile(options.dataDirectory().resolve("vault.db"))) {
      throw new MetadataUnavailableException(
          "no vault in "
              + options.dataDirectory()
              + " (no vault.db): pass --data DIR of the node, or --addr URL of a running one");
    }
    VaultOptions quiet = options.withSweepInterval(Duration.ZERO);
    SecretVault vault;
    try {
      vault = SecretVault.open(quiet);
    } catch (RuntimeException e) {
      throw new MetadataUnavailableException("cannot open the vault: " + e.getMessage(), e);
    }
    try {
      return new EmbeddedMetadata(vault, Rotation.open(vault, quiet), options);
    } catch (RuntimeException e) {
      vault.close();
      throw new MetadataUnavailableException("cannot read rotation data: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<SecretMetadata> describe(SecretRef ref) {
    List<VersionMetadata> versions = new ArrayList<>();
    Optional<String> page = Optional.empty();
    String canonical = ref.name();
    try {
      do {
        Page<SecretProperties> listed =
            vault.listVersions(ref.vault(), ref.name(), SecretVault.MAX_PAGE_SIZE, page);
        for (SecretProperties p : listed.items()) {
          canonical = p.name();
          versions.add(
              new VersionMetadata(
                  p.version(),
                  p.enabled(),
                  p.notBefore(),
                  p.expires(),
                  p.created(),
                  p.contentType(),
                  p.tags()));
        }
        page = listed.next();
      } while (page.isPresent());
    } catch (VaultException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw new MetadataUnavailableException("cannot list versions: " + e.getMessage(), e);
    }
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    String current = currentVersion(ref.vault(), ref.name()).orElse(versions.getLast().version());
    SecretRef secret = SecretRef.of(ref.vault(), canonical);
    Optional<RotationSchedule> schedule =
        rotation.policies().effective(ref.vault(), canonical).flatMap(EmbeddedMetadata::schedule);
    Optional<RotationAttempt> last =
        rotation.scheduler().history(ref.vault(), canonical, 1).stream()
            .findFirst()
            .map(EmbeddedMetadata::attempt);
    return Optional.of(new SecretMetadata(secret, current, versions, true, schedule, last));
  }

  private Optional<String> currentVersion(String vaultName, String name) {
    Optional<String> page = Optional.empty();
    do {
      Page<SecretProperties> listed = vault.listSecrets(vaultName, SecretVault.MAX_PAGE_SIZE, page);
      for (SecretProperties p : listed.items()) {
        if (p.name().equalsIgnoreCase(name)) {
          return Optional.of(p.version());
        }
      }
      page = listed.next();
    } while (page.isPresent());
    return Optional.empty();
  }

  static Optional<RotationSchedule> schedule(RotationPolicy policy) {
    Optional<Duration> every = Optional.empty();
    Optional<Duration> before = Optional.empty();
    for (LifetimeAction action : policy.rotateActions()) {
      if (action.trigger() == LifetimeAction.Trigger.TIME_AFTER_CREATE) {
        every = Optional.of(action.triggerAfter());
      } else {
        before = Optional.of(action.triggerAfter());
      }
    }
    return Optional.of(new RotationSchedule(every, before, policy.expiryTime()));
  }

  private static RotationAttempt attempt(RotationRecord record) {
    return new RotationAttempt(
        record.finished() == null ? record.started() : record.finished(),
        RotationRecord.SUCCEEDED.equals(record.outcome()),
        record.error());
  }

  @Override
  public Optional<Boolean> vaultExists(String vaultName) {
    return Optional.of(vault.listVaults().stream().anyMatch(v -> v.name().equals(vaultName)));
  }

  @Override
  public List<ApiKeyMetadata> apiKeys() {
    boolean postgres =
        options.jdbcUrl().isPresent() && options.jdbcUrl().get().startsWith("jdbc:postgresql:");
    if (!postgres && !Files.isRegularFile(options.dataDirectory().resolve("gateway.db"))) {
      return List.of();
    }
    byte[] unused = new byte[32];
    new SecureRandom().nextBytes(unused);
    // The same database serve uses for keys. Listing needs no verification, so a throwaway HMAC
    // secret keeps the node's own secret unread.
    try (GatewayDatabase db =
            postgres
                ? GatewayDatabase.open(
                    options.jdbcUrl().get(),
                    options.jdbcUser().orElse(null),
                    options.jdbcPassword().orElse(null))
                : GatewayDatabase.sqlite(options.dataDirectory());
        ApiKeys keys =
            ApiKeys.open(
                db, new KeyHasher(unused), java.time.Clock.systemUTC(), Duration.ofDays(1))) {
      return keys.list().stream().map(EmbeddedMetadata::key).toList();
    } catch (RuntimeException e) {
      throw new MetadataUnavailableException("cannot read API keys: " + e.getMessage(), e);
    }
  }

  static ApiKeyMetadata key(ApiKeyInfo info) {
    return new ApiKeyMetadata(
        info.id(),
        Optional.ofNullable(info.alias()),
        info.policy(),
        info.created(),
        Optional.ofNullable(info.expires()),
        Optional.ofNullable(info.lastUsed()),
        info.revoked() != null);
  }

  @Override
  public JsonNode rotationHistory(SecretMetadata secret) {
    ArrayNode items = JSON.createArrayNode();
    for (RotationRecord r :
        rotation.scheduler().history(secret.ref().vault(), secret.ref().name(), 100)) {
      ObjectNode item = items.addObject();
      item.put("id", r.id());
      item.put("started", r.started().toString());
      item.put("finished", r.finished() == null ? null : r.finished().toString());
      item.put("outcome", r.outcome());
      item.put("trigger", r.trigger());
      r.previousVersion().ifPresent(v -> item.put("previousVersion", v));
      r.newVersion().ifPresent(v -> item.put("newVersion", v));
      r.error().ifPresent(e -> item.put("error", e));
    }
    return items;
  }

  @Override
  public JsonNode auditEntries(Collection<SecretMetadata> secrets) {
    Set<String> names = new HashSet<>();
    secrets.forEach(
        m -> names.add(m.ref().vault() + "/" + m.ref().name().toLowerCase(Locale.ROOT)));
    ArrayNode items = JSON.createArrayNode();
    for (ChainedEntry chained : vault.audit().recentChained(1000)) {
      AuditEntry e = chained.entry();
      if (e.vault() != null
          && e.name() != null
          && names.contains(e.vault() + "/" + e.name().toLowerCase(Locale.ROOT))) {
        // The same JSON shape as the admin API's audit listing (time as ISO-8601).
        try {
          items.add(JSON.readTree(AuditJson.line(chained)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
    return items;
  }

  @Override
  public JsonNode auditChain() {
    return JSON.valueToTree(vault.audit().verify(Optional.empty()).toJson());
  }

  @Override
  public void close() {
    rotation.close();
    vault.close();
  }
}
