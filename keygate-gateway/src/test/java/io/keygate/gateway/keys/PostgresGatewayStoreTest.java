package io.keygate.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresGatewayStoreTest extends GatewayStoreContract {
  @Override
  String newDatabaseUrl() {
    return SharedPostgres.newDatabaseUrl();
  }

  @Test
  void aDatabaseThatAlreadyHoldsOtherTables_isShared() throws Exception {
    String url = SharedPostgres.newDatabaseUrl();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE vault_secret (id BIGINT PRIMARY KEY)");
    }

    try (GatewayDatabase db = GatewayDatabase.open(url, null, null);
        ApiKeys keys = ApiKeys.open(db, new KeyHasher(new byte[32]))) {
      String key = keys.create("gold", null, null).key().reveal();
      assertThat(keys.verify(key).accepted()).isTrue();
    }
    try (GatewayDatabase db = GatewayDatabase.open(url, null, null);
        ApiKeys keys = ApiKeys.open(db, new KeyHasher(new byte[32]))) {
      assertThat(keys.list()).hasSize(1);
    }
  }
}
