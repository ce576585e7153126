package io.keygate.vault.internal.barrier;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The single point of encryption. Each value gets a fresh AES256-GCM data key; the value is sealed
 * by that key and the key is wrapped by the master key, both bound to the value's address. The
 * wrapped key is also bound to the version's attributes (an opaque encoding the caller supplies),
 * so a value whose attributes were changed behind the vault's back no longer opens. The store only
 * ever sees {@link SealedValue}s.
 */
public final class Barrier {
  private final ReentrantReadWriteLock keyChange = new ReentrantReadWriteLock();
  private volatile MasterKey master;

  public Barrier(MasterKey master) {
    this.master = master;
  }

  /** Seals {@code plaintext} for {@code address} with these attributes, under a fresh data key. */
  public SealedValue seal(SecretAddress address, byte[] attributes, byte[] plaintext)
      throws GeneralSecurityException {
    KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    byte[] ciphertext = aead(dataKey).encrypt(plaintext, address.valueAssociatedData());
    byte[] wrapped =
        TinkProtoKeysetFormat.serializeEncryptedKeyset(
            dataKey, master.aead(), dataKeyBinding(address, attributes));
    return new SealedValue(wrapped, ciphertext);
  }

  /**
   * Opens a value sealed for {@code address} with these attributes; fails if either part was
   * altered or moved, or the attributes are not the ones it was sealed or last rewrapped with.
   */
  public byte[] open(SecretAddress address, byte[] attributes, SealedValue sealed)
      throws GeneralSecurityException {
    KeysetHandle dataKey =
        TinkProtoKeysetFormat.parseEncryptedKeyset(
            sealed.wrappedKey(), master.aead(), dataKeyBinding(address, attributes));
    return aead(dataKey).decrypt(sealed.ciphertext(), address.valueAssociatedData());
  }

  /**
   * Rewraps a data key under the current primary master key, and from the attributes it was bound
   * to onto {@code newAttributes}; the value itself is not touched.
   */
  public byte[] rewrap(
      SecretAddress address, byte[] attributes, byte[] newAttributes, byte[] wrappedKey)
      throws GeneralSecurityException {
    Aead current = master.aead();
    KeysetHandle dataKey =
        TinkProtoKeysetFormat.parseEncryptedKeyset(
            wrappedKey, current, dataKeyBinding(address, attributes));
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(
        dataKey, current, dataKeyBinding(address, newAttributes));
  }

  private static byte[] dataKeyBinding(SecretAddress address, byte[] attributes) {
    byte[] prefix = address.dataKeyAssociatedData();
    byte[] binding = Arrays.copyOf(prefix, prefix.length + 1 + attributes.length);
    System.arraycopy(attributes, 0, binding, prefix.length + 1, attributes.length);
    return binding;
  }

  /** Seals a small vault-level secret (key check, backup key) directly with the master key. */
  public byte[] sealWithMaster(byte[] plaintext, byte[] associatedData)
      throws GeneralSecurityException {
    return master.aead().encrypt(plaintext, associatedData);
  }

  public byte[] openWithMaster(byte[] ciphertext, byte[] associatedData)
      throws GeneralSecurityException {
    return master.aead().decrypt(ciphertext, associatedData);
  }

  /** Wraps a whole keyset (a backup's blob key) with the master key. */
  public byte[] wrapKeyset(KeysetHandle keyset, byte[] associatedData)
      throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), associatedData);
  }

  public KeysetHandle unwrapKeyset(byte[] wrapped, byte[] associatedData)
      throws GeneralSecurityException {
    return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, master.aead(), associatedData);
  }

  public MasterKey masterKey() {
    return master;
  }

  /**
   * Runs {@code work} (a read then an open, or a seal then a write) while the master key cannot
   * change, so that a row read under one key is never opened under the next, and a value sealed
   * under the old key is never written after a rotation has begun.
   */
  public <T> T withStableMasterKey(Supplier<T> work) {
    keyChange.readLock().lock();
    try {
      return work.get();
    } finally {
      keyChange.readLock().unlock();
    }
  }

  /** Switches the master key once every {@link #withStableMasterKey} section has finished. */
  public void useMasterKey(MasterKey newMaster) {
    keyChange.writeLock().lock();
    try {
      this.master = newMaster;
    } finally {
      keyChange.writeLock().unlock();
    }
  }

  public static Aead aead(KeysetHandle keyset) throws GeneralSecurityException {
    return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }
}
