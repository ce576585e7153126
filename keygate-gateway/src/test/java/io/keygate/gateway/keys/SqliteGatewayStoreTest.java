package io.keygate.gateway.keys;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteGatewayStoreTest extends GatewayStoreContract {
  @TempDir Path dir;

  @Override
  String newDatabaseUrl() {
    return "jdbc:sqlite:" + dir.resolve("gateway.db");
  }
}
