package io.keygate.vault.rotation.generators;

import io.keygate.secrets.SecretValue;
import io.keygate.vault.VaultException.BadParameter;
import io.keygate.vault.rotation.Generator;
import io.keygate.vault.rotation.GeneratorSpec;
import io.keygate.vault.rotation.RotationContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code postgres-password}: a new random password, set on a PostgreSQL role with {@code ALTER ROLE
 * ... PASSWORD}, connecting as {@code adminUser} whose password is the vault secret named by {@code
 * adminPassword}. With one {@code role} the old password stops working at once; with {@code
 * credentials: [roleA, roleB]} (the dual-credential pattern) each rotation changes the role the
 * current version does not use.
 */
public final class PostgresPasswordGenerator implements Generator {
  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
  private final String jdbcUrl;
  private final String adminUser;
  private final String adminPasswordSecret;
  private final String role;
  private final int length;

  PostgresPasswordGenerator(GeneratorSpec spec) {
    this.jdbcUrl = spec.string("jdbcUrl", "");
    this.adminUser = spec.string("adminUser", "");
    this.adminPasswordSecret = spec.string("adminPassword", "");
    this.role = spec.string("role", "");
    this.length = spec.integer("length", 32);
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new BadParameter(
          "generator postgres-password: jdbcUrl must start with jdbc:postgresql:");
    }
    if (jdbcUrl.contains("password=") || jdbcUrl.contains("user=")) {
      throw new BadParameter(
          "generator postgres-password: jdbcUrl must not carry a user or password; use adminUser"
              + " and adminPassword");
    }
    if (adminUser.isEmpty()) {
      throw new BadParameter("generator postgres-password: adminUser is required");
    }
    if (!NAME.matcher(adminPasswordSecret).matches()) {
      throw new BadParameter(
          "generator postgres-password: adminPassword must name a secret of the same vault");
    }
    if (role.isEmpty() == spec.credentials().isEmpty()) {
      throw new BadParameter(
          "generator postgres-password: give either role, or credentials with two roles");
    }
    Generators.range("postgres-password", "length", length, 16, 99);
  }

  @Override
  public SecretValue generate(RotationContext context) {
    String target = context.credential().orElse(role);
    String password = RandomGenerator.draw(RandomGenerator.LETTERS_AND_DIGITS, length);
    SecretValue admin = context.secrets().apply(adminPasswordSecret);
    Properties properties = new Properties();
    properties.setProperty("user", adminUser);
    properties.setProperty("password", admin.reveal());
    properties.setProperty("connectTimeout", "10");
    try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER ROLE " + identifier(target) + " WITH PASSWORD " + literal(password));
    } catch (SQLException e) {
      // The driver's message may quote the statement: keep only the SQL state.
      throw new IllegalStateException(
          "ALTER ROLE " + target + " failed at the database (SQLState " + e.getSQLState() + ")");
    }
    return SecretValue.of(password);
  }

  /** A double-quoted identifier: embedded quotes doubled, so any role name is taken literally. */
  static String identifier(String name) {
    if (name.indexOf('\0') >= 0) {
      throw new BadParameter("role name must not contain NUL");
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * A string literal with quotes doubled. With {@code standard_conforming_strings} on (the default
   * since PostgreSQL 9.1) backslashes are literal, so E-strings are avoided on purpose.
   */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
