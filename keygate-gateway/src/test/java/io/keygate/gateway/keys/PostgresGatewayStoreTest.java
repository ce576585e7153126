package io.keygate.gateway.keys;

class PostgresGatewayStoreTest extends GatewayStoreContract {
  @Override
  String newDatabaseUrl() {
    return SharedPostgres.newDatabaseUrl();
  }
}
