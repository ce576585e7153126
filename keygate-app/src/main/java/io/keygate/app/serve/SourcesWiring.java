package io.keygate.app.serve;

import io.keygate.app.config.SourceSettings;
import io.keygate.secrets.SecretRef;
import io.keygate.secrets.SecretSource;
import io.keygate.sources.AuditedSource;
import io.keygate.sources.RoutingSecretSource;
import io.keygate.sources.azure.AzureSecretSource;
import io.keygate.sources.hashicorp.HashicorpSecretSource;
import io.keygate.sources.local.EnvironmentSource;
import io.keygate.sources.local.FileSource;
import io.keygate.sources.remote.RemoteVaultSource;
import io.keygate.vault.SecretVault;
import io.keygate.vault.rotation.Rotation;
import io.keygate.vault.server.AdminServer;
import io.keygate.vault.server.identity.TokenAuthenticator;
import io.keygate.vault.server.resolve.ResolveApi;
import io.keygate.vault.server.rotation.RotationApi;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's secret sources: the embedded vault, and those {@code sources:} configures, behind one
 * {@link RoutingSecretSource}. External sources (Azure, HashiCorp, environment, file) read with the
 * node's own credential, so each of their resolutions is audited in this node's vault; a remote
 * Keygate vault checks and audits on its side. Also serves {@code POST /v1/resolve} and {@code GET
 * /v1/resolve/events}, so that other nodes can use this one as their {@code keygate://} source with
 * nothing but {@code gateway-node}, and the Azure Event Grid webhook ({@code
 * /v1/sources/azure/events}, public, only when a webhook key is configured).
 */
final class SourcesWiring {
  /** Where Event Grid delivers Key Vault events for the {@code azure://} source. */
  static final String AZURE_EVENTS = "/v1/sources/azure/events";

  private static final Logger LOG = LoggerFactory.getLogger(SourcesWiring.class);

  private SourcesWiring() {}

  /**
   * Builds the router over {@code embedded} and the configured sources and adds the routes to
   * {@code admin}. The caller closes the router (it closes every source).
   */
  static RoutingSecretSource wire(
      SecretVault vault,
      SecretSource embedded,
      SourceSettings settings,
      AdminServer.Builder admin,
      TokenAuthenticator nodes,
      Rotation rotation) {
    ResolveApi.addTo(admin, vault, nodes, RotationApi.eventStream(rotation));
    Clock clock = Clock.systemUTC();
    ExecutorService audits = Executors.newVirtualThreadPerTaskExecutor();
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      RoutingSecretSource.Builder router =
          RoutingSecretSource.builder().route(SecretRef.EMBEDDED, embedded);
      if (settings.env().isPresent()) {
        router.route(
            EnvironmentSource.SCHEME,
            new AuditedSource(
                new EnvironmentSource(settings.env().get()), vault.audit(), audits, clock));
      }
      if (settings.file().isPresent()) {
        FileSource files = new FileSource(settings.file().get(), audits, clock);
        opened.add(files);
        router.route(FileSource.SCHEME, new AuditedSource(files, vault.audit(), audits, clock));
      }
      if (settings.azure().isPresent()) {
        AzureSecretSource azure = AzureSecretSource.create(settings.azure().get());
        opened.add(azure);
        router.route(
            AzureSecretSource.SCHEME, new AuditedSource(azure, vault.audit(), audits, clock));
        if (settings.azure().get().eventGridKey().isPresent()) {
          admin.publicRoute(AZURE_EVENTS, azure.eventGridHandler());
        }
      }
      if (settings.hashicorp().isPresent()) {
        HashicorpSecretSource hashicorp = HashicorpSecretSource.create(settings.hashicorp().get());
        opened.add(hashicorp);
        router.route(
            HashicorpSecretSource.SCHEME,
            new AuditedSource(hashicorp, vault.audit(), audits, clock));
      }
      if (settings.keygate().isPresent()) {
        RemoteVaultSource remote = RemoteVaultSource.create(settings.keygate().get(), clock);
        opened.add(remote);
        router.route(RemoteVaultSource.SCHEME, remote);
      }
      RoutingSecretSource built = router.build();
      LOG.info("secret sources: {}", String.join(", ", built.schemes()));
      return built;
    } catch (RuntimeException e) {
      for (AutoCloseable source : opened) {
        try {
          source.close();
        } catch (Exception closing) {
          LOG.warn("closing a secret source failed: {}", closing.toString());
        }
      }
      throw e;
    }
  }
}
