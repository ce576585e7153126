package io.keygate.gateway.ratelimit;

import io.keygate.gateway.keys.GatewayDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Quota usage in the gateway database. Nodes add their counts to a shared row (never overwrite), so
 * several gateways on one PostgreSQL database count together. Blocking JDBC.
 */
final class QuotaStore {
  /** One row: usage of {@code subject} under {@code policy} in the window starting at a time. */
  record Usage(String policy, String subject, long windowStartMs, long used) {}

  private static final String ADD =
      "INSERT INTO gateway_quota (policy, subject, window_start_ms, used) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (policy, subject) DO UPDATE SET"
          + " used = CASE"
          + "  WHEN gateway_quota.window_start_ms = excluded.window_start_ms"
          + "   THEN gateway_quota.used + excluded.used"
          + "  WHEN gateway_quota.window_start_ms < excluded.window_start_ms THEN excluded.used"
          + "  ELSE gateway_quota.used END,"
          + " window_start_ms = CASE"
          + "  WHEN gateway_quota.window_start_ms < excluded.window_start_ms"
          + "   THEN excluded.window_start_ms"
          + "  ELSE gateway_quota.window_start_ms END"
          + " RETURNING window_start_ms, used";

  private final DataSource dataSource;

  QuotaStore(GatewayDatabase db) {
    this.dataSource = db.dataSource();
  }

  List<Usage> loadAll() {
    String sql = "SELECT policy, subject, window_start_ms, used FROM gateway_quota";
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      List<Usage> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(new Usage(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot load quota usage", e);
    }
  }

  /**
   * Adds each delta to its row in one transaction.
   *
   * @return the rows as they are after the addition (including other nodes' counts)
   */
  List<Usage> add(List<Usage> deltas) {
    List<Usage> after = new ArrayList<>(deltas.size());
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(ADD)) {
        for (Usage d : deltas) {
          s.setString(1, d.policy());
          s.setString(2, d.subject());
          s.setLong(3, d.windowStartMs());
          s.setLong(4, d.used());
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            after.add(new Usage(d.policy(), d.subject(), rs.getLong(1), rs.getLong(2)));
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record quota usage", e);
    }
    return after;
  }
}
