package io.keygate.sources.azure;

import io.keygate.secrets.SecretValue;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the {@code azure://} source signs in to Azure Key Vault: one of azure-identity's standard
 * credentials. The record is validated on construction: a client secret credential without its
 * secret, or a certificate credential without its file, is refused with a message naming the
 * missing setting.
 *
 * @param kind which credential
 * @param tenantId the Entra ID tenant (required for client secret and certificate)
 * @param clientId the application (client) id; for managed identity, a user-assigned identity
 * @param clientSecret the client secret ({@link Kind#CLIENT_SECRET} only); never logged
 * @param certificate a PEM file with the private key and certificate ({@link
 *     Kind#CLIENT_CERTIFICATE} only)
 * @param authorityHost the token authority, e.g. {@code https://login.microsoftonline.com/} (the
 *     default) or a sovereign cloud's or Keygate's own token endpoint
 */
public record AzureCredentialOptions(
    Kind kind,
    Optional<String> tenantId,
    Optional<String> clientId,
    Optional<SecretValue> clientSecret,
    Optional<Path> certificate,
    Optional<URI> authorityHost) {

  /** The credential kinds, named in keygate.yaml as {@code default}, {@code client-secret}... */
  public enum Kind {
    /**
     * azure-identity's DefaultAzureCredential chain (environment, workload/managed identity...).
     */
    DEFAULT,
    CLIENT_SECRET,
    CLIENT_CERTIFICATE,
    MANAGED_IDENTITY;

    /** The name used in keygate.yaml. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses a keygate.yaml name ({@code default}, {@code client-secret}, ...). */
    public static Kind parse(String name) {
      for (Kind kind : values()) {
        if (kind.configName().equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException(
          "unknown Azure credential type '"
              + name
              + "': use default, client-secret, client-certificate or managed-identity");
    }
  }

  public AzureCredentialOptions {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(authorityHost, "authorityHost");
    switch (kind) {
      case CLIENT_SECRET -> {
        require(tenantId.isPresent(), kind, "tenant");
        require(clientId.isPresent(), kind, "client-id");
        require(clientSecret.isPresent(), kind, "client-secret");
      }
      case CLIENT_CERTIFICATE -> {
        require(tenantId.isPresent(), kind, "tenant");
        require(clientId.isPresent(), kind, "client-id");
        require(certificate.isPresent(), kind, "certificate");
      }
      default -> {}
    }
    if (kind != Kind.CLIENT_SECRET && clientSecret.isPresent()) {
      throw new IllegalArgumentException(
          "Azure credential " + kind.configName() + " takes no client-secret");
    }
  }

  /** The DefaultAzureCredential chain. */
  public static AzureCredentialOptions defaultChain() {
    return new AzureCredentialOptions(
        Kind.DEFAULT,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** An application registration with a client secret. */
  public static AzureCredentialOptions clientSecret(
      String tenantId, String clientId, SecretValue secret) {
    return new AzureCredentialOptions(
        Kind.CLIENT_SECRET,
        Optional.of(tenantId),
        Optional.of(clientId),
        Optional.of(secret),
        Optional.empty(),
        Optional.empty());
  }

  /** An application registration with a certificate (PEM: private key and certificate). */
  public static AzureCredentialOptions clientCertificate(
      String tenantId, String clientId, Path pem) {
    return new AzureCredentialOptions(
        Kind.CLIENT_CERTIFICATE,
        Optional.of(tenantId),
        Optional.of(clientId),
        Optional.empty(),
        Optional.of(pem),
        Optional.empty());
  }

  /** The managed identity of the host; {@code clientId} selects a user-assigned one. */
  public static AzureCredentialOptions managedIdentity(Optional<String> clientId) {
    return new AzureCredentialOptions(
        Kind.MANAGED_IDENTITY,
        Optional.empty(),
        clientId,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The same credential against another token authority. */
  public AzureCredentialOptions withAuthorityHost(URI host) {
    return new AzureCredentialOptions(
        kind, tenantId, clientId, clientSecret, certificate, Optional.of(host));
  }

  private static void require(boolean present, Kind kind, String setting) {
    if (!present) {
      throw new IllegalArgumentException(
          "Azure credential " + kind.configName() + " needs '" + setting + "'");
    }
  }
}
