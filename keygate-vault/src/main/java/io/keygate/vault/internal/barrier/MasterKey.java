package io.keygate.vault.internal.barrier;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The master key: a Tink AEAD keyset. Its primary key wraps data keys; every key in the keyset
 * unwraps them, which is what lets a rotation run without downtime.
 */
public final class MasterKey {
  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle keyset;
  private final Aead aead;

  private MasterKey(KeysetHandle keyset) throws GeneralSecurityException {
    this.keyset = keyset;
    this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  /** A fresh AES256-GCM keyset. */
  public static MasterKey generate() throws GeneralSecurityException {
    return new MasterKey(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
  }

  /** A keyset from Tink's JSON format; fails unless it is an AEAD keyset. */
  public static MasterKey fromJson(String json) throws GeneralSecurityException {
    return new MasterKey(
        TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
  }

  /** A single raw AES-256-GCM key (no key-id prefix); the array is wiped. */
  public static MasterKey fromRawKey(byte[] key) throws GeneralSecurityException {
    try {
      if (key.length != 32) {
        throw new GeneralSecurityException("an AES-256 key has 32 bytes");
      }
      AesGcmParameters parameters =
          AesGcmParameters.builder()
              .setKeySizeBytes(32)
              .setIvSizeBytes(12)
              .setTagSizeBytes(16)
              .setVariant(AesGcmParameters.Variant.NO_PREFIX)
              .build();
      AesGcmKey aesKey =
          AesGcmKey.builder()
              .setParameters(parameters)
              .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
              .build();
      return new MasterKey(
          KeysetHandle.newBuilder()
              .addEntry(KeysetHandle.importKey(aesKey).withRandomId().makePrimary())
              .build());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** This keyset with a freshly generated primary; the current keys stay for decryption. */
  public MasterKey withNewPrimary() throws GeneralSecurityException {
    return new MasterKey(
        KeysetHandle.newBuilder(keyset)
            .addEntry(
                KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary())
            .build());
  }

  /** This key's primary, plus every key of {@code older} for decryption only. */
  public MasterKey mergedWith(MasterKey older) throws GeneralSecurityException {
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    for (int i = 0; i < older.keyset.size(); i++) {
      KeysetHandle.Entry entry = older.keyset.getAt(i);
      if (contains(entry.getKey())) {
        continue;
      }
      Integer id = entry.getKey().getIdRequirementOrNull();
      KeysetHandle.Builder.Entry added = KeysetHandle.importKey(entry.getKey());
      builder.addEntry(id == null ? added.withRandomId() : added.withFixedId(id));
    }
    return new MasterKey(builder.build());
  }

  /** Only the primary key: what remains once every data key is wrapped by it. */
  public MasterKey primaryOnly() throws GeneralSecurityException {
    KeysetHandle.Entry primary = keyset.getPrimary();
    Integer id = primary.getKey().getIdRequirementOrNull();
    KeysetHandle.Builder.Entry entry = KeysetHandle.importKey(primary.getKey());
    entry = id == null ? entry.withRandomId() : entry.withFixedId(id);
    return new MasterKey(KeysetHandle.newBuilder().addEntry(entry.makePrimary()).build());
  }

  private boolean contains(Key key) {
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getKey().equalsKey(key)) {
        return true;
      }
    }
    return false;
  }

  /** The keyset in Tink's cleartext JSON format, for the key file. */
  public String toJson() throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
  }

  public int size() {
    return keyset.size();
  }

  Aead aead() {
    return aead;
  }

  @Override
  public String toString() {
    return "MasterKey[" + keyset.size() + " key(s)]";
  }
}
