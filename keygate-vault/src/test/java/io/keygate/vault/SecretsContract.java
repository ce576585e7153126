package io.keygate.vault;

import static io.keygate.vault.Fixtures.assertFails;
import static io.keygate.vault.Fixtures.canary;
import static org.assertj.core.api.Assertions.assertThat;

import io.keygate.secrets.SecretEvent;
import io.keygate.secrets.SecretValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Set, get, versions, listings, vaults and events. */
interface SecretsContract extends VaultFixture {

  @Test
  default void setThenGet_returnsTheValueAsTheCurrentVersion() {
    SecretValue value = canary();
    SecretBundle stored = set("db-password", value);

    SecretBundle read = get("db-password");

    assertThat(read.value()).isEqualTo(value);
    assertThat(read.properties()).isEqualTo(stored.properties());
    assertThat(read.properties().version()).matches("[0-9a-f]{32}");
    assertThat(read.properties().created()).isEqualTo(START);
    assertThat(read.properties().enabled()).isTrue();
    assertThat(read.properties().recoveryLevel()).isEqualTo("Recoverable+Purgeable");
    assertThat(read.properties().recoverableDays()).isEqualTo(90);
  }

  @Test
  default void secondSet_becomesCurrent_andTheFirstVersionStaysReadableByName() {
    SecretValue first = canary();
    SecretValue second = canary();
    String v1 = set("api-key", first).properties().version();
    String v2 = set("api-key", second).properties().version();

    assertThat(v2).isNotEqualTo(v1);
    assertThat(get("api-key").value()).isEqualTo(second);
    assertThat(vault().getSecret(V, "api-key", Optional.of(v1)).value()).isEqualTo(first);
  }

  @Test
  default void names_areCaseInsensitive_andKeepTheCaseTheyWereCreatedWith() {
    SecretValue first = canary();
    SecretValue second = canary();
    set("Db-Password", first);
    SecretBundle again = set("DB-PASSWORD", second);

    assertThat(again.properties().name()).isEqualTo("Db-Password");
    assertThat(get("db-password").value()).isEqualTo(second);
    assertThat(vault().listSecrets(V, 25, Optional.empty()).items())
        .extracting(SecretProperties::name)
        .containsExactly("Db-Password");
    assertThat(vault().listVersions(V, "dB-pAsSwOrD", 25, Optional.empty()).items()).hasSize(2);

    vault().deleteSecret(V, "DB-password");
    assertFails(
        () -> set("db-PASSWORD", canary()),
        409,
        "ObjectIsDeletedButRecoverable",
        "secret default/Db-Password is deleted but recoverable; recover or purge it before"
            + " setting it again");
    assertThat(vault().recoverDeletedSecret(V, "db-password").name()).isEqualTo("Db-Password");
    assertThat(get("DB-PASSWORD").value()).isEqualTo(second);
  }

  @Test
  default void unknownSecretVaultOrVersion_isNotFound() {
    set("known", canary());
    assertFails(() -> get("missing"), 404, "SecretNotFound", "secret default/missing not found");
    assertFails(
        () -> vault().getSecret("nowhere", "known", Optional.empty()),
        404,
        "VaultNotFound",
        "vault nowhere not found");
    String absent = "0".repeat(32);
    assertFails(
        () -> vault().getSecret(V, "known", Optional.of(absent)),
        404,
        "SecretNotFound",
        "secret default/known version " + absent + " not found");
  }

  @Test
  default void badNamesAndVersions_areBadParameter() {
    assertFails(
        () -> set("bad/name", canary()),
        400,
        "BadParameter",
        "secret name 'bad/name' is invalid: use 1 to 127 characters of 0-9, a-z, A-Z, -");
    assertFails(
        () -> set("x".repeat(128), canary()),
        400,
        "BadParameter",
        "secret name '"
            + "x".repeat(128)
            + "' is invalid: use 1 to 127 characters of 0-9, a-z,"
            + " A-Z, -");
    assertFails(
        () -> vault().getSecret(V, "name", Optional.of("ABC")),
        400,
        "BadParameter",
        "secret version 'ABC' is invalid: a version is 32 lowercase hex characters");
    assertFails(
        () -> vault().listSecrets("no_underscores", 25, Optional.empty()),
        400,
        "BadParameter",
        "vault name 'no_underscores' is invalid: use 1 to 127 characters of 0-9, a-z, A-Z, -");
  }

  @Test
  default void oversizedValue_isRefusedNamingTheLimit_andTheLimitItselfIsAccepted() {
    assertFails(
        () -> set("big", SecretValue.ofBytes(new byte[25 * 1024 + 1])),
        400,
        "BadParameter",
        "secret value is 25601 bytes; the limit is 25600 bytes (25 KiB)");
    SecretValue atLimit = SecretValue.ofBytes(new byte[25 * 1024]);
    set("big", atLimit);
    assertThat(get("big").value()).isEqualTo(atLimit);
  }

  @Test
  default void listSecrets_pagesByNameWithAnOpaqueToken_andShowsCurrentVersionsOnly() {
    List<String> names = List.of("a-1", "a-2", "b-1", "c-1", "c-2");
    for (String name : names) {
      set(name, canary());
    }
    String current = set("c-2", canary()).properties().version();

    List<SecretProperties> seen = new ArrayList<>();
    Optional<String> next = Optional.empty();
    int pages = 0;
    do {
      Page<SecretProperties> page = vault().listSecrets(V, 2, next);
      seen.addAll(page.items());
      next = page.next();
      pages++;
    } while (next.isPresent());

    assertThat(pages).isEqualTo(3);
    assertThat(seen).extracting(SecretProperties::name).containsExactlyElementsOf(names);
    assertThat(seen.getLast().version()).isEqualTo(current);
  }

  @Test
  default void listVersions_pagesOldestFirst() {
    List<String> versions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      versions.add(set("rotated", canary()).properties().version());
    }

    Page<SecretProperties> first = vault().listVersions(V, "rotated", 3, Optional.empty());
    Page<SecretProperties> second = vault().listVersions(V, "rotated", 3, first.next());

    assertThat(first.items())
        .extracting(SecretProperties::version)
        .isEqualTo(versions.subList(0, 3));
    assertThat(second.items())
        .extracting(SecretProperties::version)
        .isEqualTo(versions.subList(3, 5));
    assertThat(second.next()).isEmpty();
  }

  @Test
  default void badPagingInput_isBadParameter() {
    set("one", canary());
    assertFails(
        () -> vault().listSecrets(V, 26, Optional.empty()),
        400,
        "BadParameter",
        "maxresults must be between 1 and 25, was 26");
    assertFails(
        () -> vault().listSecrets(V, 5, Optional.of("not base64 at all!")),
        400,
        "BadParameter",
        "continuation token is invalid or belongs to another listing");
    Page<SecretProperties> versions = vault().listVersions(V, "one", 1, Optional.empty());
    set("one", canary());
    Optional<String> versionToken = vault().listVersions(V, "one", 1, Optional.empty()).next();
    assertThat(versions.next()).isEmpty();
    assertFails(
        () -> vault().listSecrets(V, 5, versionToken),
        400,
        "BadParameter",
        "continuation token is invalid or belongs to another listing");
  }

  @Test
  default void vaults_areNamespaces_withDefaultFromTheStart() {
    assertThat(vault().listVaults()).extracting(VaultInfo::name).containsExactly("default");
    vault().createVault("payments");
    assertFails(
        () -> vault().createVault("payments"), 409, "Conflict", "vault payments already exists");
    SecretValue inPayments = canary();
    vault().setSecret("payments", "token", SetSecretRequest.of(inPayments));

    assertThat(vault().listVaults())
        .extracting(VaultInfo::name)
        .containsExactly("default", "payments");
    assertThat(vault().getSecret("payments", "token", Optional.empty()).value())
        .isEqualTo(inPayments);
    assertFails(() -> get("token"), 404, "SecretNotFound", "secret default/token not found");
  }

  @Test
  default void events_arePublishedAfterEachCommit_withNamesAndVersionsOnly() throws Exception {
    List<SecretEvent> events = new CopyOnWriteArrayList<>();
    List<String> seenByListener = new CopyOnWriteArrayList<>();
    AutoCloseable reader =
        vault()
            .subscribe(
                event -> {
                  if (event.type() == SecretEvent.Type.NEW_VERSION) {
                    // Delivered after the commit: the new version is already readable.
                    seenByListener.add(
                        vault()
                            .getSecret(event.vault(), event.name(), Optional.of(event.version()))
                            .properties()
                            .version());
                  }
                });
    try (reader;
        AutoCloseable subscription = vault().subscribe(events::add)) {
      String version = set("watched", canary()).properties().version();
      assertThat(seenByListener).containsExactly(version);
      vault()
          .updateSecret(
              V, "watched", Optional.empty(), UpdateSecretRequest.none().withEnabled(false));
      vault().deleteSecret(V, "watched");
      vault().recoverDeletedSecret(V, "watched");
      vault().deleteSecret(V, "watched");
      vault().purgeDeletedSecret(V, "watched");

      assertThat(events)
          .extracting(SecretEvent::type)
          .containsExactly(
              SecretEvent.Type.NEW_VERSION,
              SecretEvent.Type.UPDATED,
              SecretEvent.Type.DISABLED,
              SecretEvent.Type.DELETED,
              SecretEvent.Type.RECOVERED,
              SecretEvent.Type.DELETED,
              SecretEvent.Type.PURGED);
      assertThat(events.getFirst())
          .isEqualTo(new SecretEvent(SecretEvent.Type.NEW_VERSION, V, "watched", version, START));
    }
    set("after-unsubscribe", canary());
    assertThat(events).hasSize(7);
  }

  @Test
  default void concurrentSetsOfOneNewName_allSucceed_eachAsItsOwnVersion() throws Exception {
    SecretValue value = canary();
    int writers = 4;
    int each = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<List<String>>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      results.add(
          CompletableFuture.supplyAsync(
              () -> {
                awaitQuietly(start);
                List<String> versions = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  versions.add(set("contended", value).properties().version());
                }
                return versions;
              },
              Executors.newVirtualThreadPerTaskExecutor()));
    }
    start.countDown();
    Set<String> written = new HashSet<>();
    for (CompletableFuture<List<String>> result : results) {
      written.addAll(result.get(60, TimeUnit.SECONDS));
    }

    List<SecretProperties> listed = new ArrayList<>();
    Optional<String> next = Optional.empty();
    do {
      Page<SecretProperties> page = vault().listVersions(V, "contended", 25, next);
      listed.addAll(page.items());
      next = page.next();
    } while (next.isPresent());
    assertThat(written).hasSize(writers * each);
    assertThat(listed)
        .extracting(SecretProperties::version)
        .containsExactlyInAnyOrderElementsOf(written);
    assertThat(get("contended").properties().version()).isEqualTo(listed.getLast().version());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  default void reopenedVault_servesEverythingItAcknowledged() {
    SecretValue value = canary();
    String version = set("durable", value).properties().version();

    reopen(masterKey());

    assertThat(get("durable").value()).isEqualTo(value);
    assertThat(get("durable").properties().version()).isEqualTo(version);
  }
}
