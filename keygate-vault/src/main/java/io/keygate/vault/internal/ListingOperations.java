package io.keygate.vault.internal;

import io.keygate.vault.Page;
import io.keygate.vault.SecretProperties;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.internal.store.CurrentVersion;
import io.keygate.vault.internal.store.SecretRow;
import io.keygate.vault.internal.store.VersionRow;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Paged listings of live secrets and of one secret's versions: metadata only. */
final class ListingOperations {
  private final VaultContext context;

  ListingOperations(VaultContext context) {
    this.context = context;
  }

  Page<SecretProperties> listSecrets(String vault, int maxResults, Optional<String> continuation) {
    Validation.vaultName(vault);
    Validation.maxResults(maxResults);
    String listing = "secrets/" + vault;
    String after = PageTokens.decode(listing, continuation, "");
    List<CurrentVersion> rows =
        context.read(
            connection -> {
              context.requireVault(connection, vault);
              return context.secrets.list(connection, vault, false, after, maxResults + 1);
            });
    return PageTokens.page(
        listing,
        rows,
        maxResults,
        row -> context.properties(row.version()),
        row -> row.secret().name());
  }

  Page<SecretProperties> listVersions(
      String vault, String name, int maxResults, Optional<String> continuation) {
    Validation.vaultName(vault);
    Validation.secretName(name);
    Validation.maxResults(maxResults);
    String listing = "versions/" + vault + "/" + name.toLowerCase(Locale.ROOT);
    long afterSeq = parseSeq(PageTokens.decode(listing, continuation, "0"));
    List<VersionRow> rows =
        context.read(
            connection -> {
              SecretRow secret = context.liveSecret(connection, vault, name);
              return context.versions.list(
                  connection, vault, secret.name(), afterSeq, maxResults + 1);
            });
    return PageTokens.page(
        listing, rows, maxResults, context::properties, row -> Long.toString(row.seq()));
  }

  private static long parseSeq(String cursor) {
    try {
      return Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw new BadParameter("continuation token is invalid or belongs to another listing");
    }
  }
}
