package io.keygate.vault;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a vault. Start from {@link #embedded(Path)} (SQLite under a data directory) or {@link
 * #postgres(String, String, String, MasterKeySource)} and change by copying.
 *
 * @param dataDirectory where the SQLite file ({@code vault.db}) and the development key file live
 * @param jdbcUrl a {@code jdbc:postgresql:} or {@code jdbc:sqlite:} URL; empty for {@code
 *     <dataDirectory>/vault.db}
 * @param jdbcUser user for the JDBC URL, if it needs one
 * @param jdbcPassword password for the JDBC URL, if it needs one
 * @param masterKey where the master key comes from
 * @param retentionDays how long a deleted secret stays recoverable: 7 to 90 (default 90)
 * @param maxValueBytes the largest value accepted (default 25 KiB)
 * @param sweepInterval how often the sweeper purges expired deletions; zero disables it
 * @param clock the time source (tests pass a fixed or offset clock)
 */
public record VaultOptions(
    Path dataDirectory,
    Optional<String> jdbcUrl,
    Optional<String> jdbcUser,
    Optional<String> jdbcPassword,
    MasterKeySource masterKey,
    int retentionDays,
    int maxValueBytes,
    Duration sweepInterval,
    Clock clock) {
  public static final int DEFAULT_RETENTION_DAYS = 90;
  public static final int DEFAULT_MAX_VALUE_BYTES = 25 * 1024;
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofHours(1);

  public VaultOptions {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(jdbcUser, "jdbcUser");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    Objects.requireNonNull(masterKey, "masterKey");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    Objects.requireNonNull(clock, "clock");
    if (retentionDays < 7 || retentionDays > 90) {
      throw new IllegalArgumentException(
          "retentionDays must be between 7 and 90, was " + retentionDays);
    }
    if (maxValueBytes < 1) {
      throw new IllegalArgumentException("maxValueBytes must be positive, was " + maxValueBytes);
    }
    if (sweepInterval.isNegative()) {
      throw new IllegalArgumentException("sweepInterval must not be negative");
    }
  }

  /**
   * The embedded default: SQLite at {@code <dataDirectory>/vault.db}, master key from {@link
   * MasterKeySource#defaultFor(Path)} (the {@code KEYGATE_MASTER_KEY} variable if set, else a
   * development key file in the data directory).
   */
  public static VaultOptions embedded(Path dataDirectory) {
    return new VaultOptions(
        dataDirectory,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        MasterKeySource.defaultFor(dataDirectory),
        DEFAULT_RETENTION_DAYS,
        DEFAULT_MAX_VALUE_BYTES,
        DEFAULT_SWEEP_INTERVAL,
        Clock.systemUTC());
  }

  /** PostgreSQL (or any JDBC URL) as the store. */
  public static VaultOptions postgres(
      String jdbcUrl, String user, String password, MasterKeySource masterKey) {
    return new VaultOptions(
        Path.of("."),
        Optional.of(jdbcUrl),
        Optional.ofNullable(user),
        Optional.ofNullable(password),
        masterKey,
        DEFAULT_RETENTION_DAYS,
        DEFAULT_MAX_VALUE_BYTES,
        DEFAULT_SWEEP_INTERVAL,
        Clock.systemUTC());
  }

  public VaultOptions withMasterKey(MasterKeySource source) {
    return new VaultOptions(
        dataDirectory,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        source,
        retentionDays,
        maxValueBytes,
        sweepInterval,
        clock);
  }

  public VaultOptions withRetentionDays(int days) {
    return new VaultOptions(
        dataDirectory,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        masterKey,
        days,
        maxValueBytes,
        sweepInterval,
        clock);
  }

  public VaultOptions withMaxValueBytes(int bytes) {
    return new VaultOptions(
        dataDirectory,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        masterKey,
        retentionDays,
        bytes,
        sweepInterval,
        clock);
  }

  public VaultOptions withSweepInterval(Duration interval) {
    return new VaultOptions(
        dataDirectory,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        masterKey,
        retentionDays,
        maxValueBytes,
        interval,
        clock);
  }

  public VaultOptions withClock(Clock newClock) {
    return new VaultOptions(
        dataDirectory,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        masterKey,
        retentionDays,
        maxValueBytes,
        sweepInterval,
        newClock);
  }

  /** The JDBC URL actually used: the configured one or the SQLite file in the data directory. */
  public String effectiveJdbcUrl() {
    return jdbcUrl.orElseGet(() -> "jdbc:sqlite:" + dataDirectory.resolve("vault.db"));
  }

  @Override
  public String toString() {
    return "VaultOptions[dataDirectory="
        + dataDirectory
        + ", jdbcUrl="
        + jdbcUrl
        + ", jdbcUser="
        + jdbcUser
        + ", jdbcPassword="
        + jdbcPassword.map(p -> "[redacted]")
        + ", masterKey="
        + masterKey
        + ", retentionDays="
        + retentionDays
        + ", maxValueBytes="
        + maxValueBytes
        + ", sweepInterval="
        + sweepInterval
        + "]";
  }
}
