package io.keygate.vault.internal.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class BarrierPropertiesTest {
  private static final byte[] ATTRIBUTES = {1, 0, 1};
  private final Barrier barrier;
  private final Barrier otherBarrier;

  BarrierPropertiesTest() throws GeneralSecurityException {
    barrier = new Barrier(MasterKey.generate());
    otherBarrier = new Barrier(MasterKey.generate());
  }

  @Property(tries = 100)
  void sealedValue_opensAtItsOwnAddress(
      @ForAll("addresses") SecretAddress address, @ForAll @Size(max = 2048) byte[] value)
      throws GeneralSecurityException {
    SealedValue sealed = barrier.seal(address, ATTRIBUTES, value);

    assertThat(barrier.open(address, ATTRIBUTES, sealed)).isEqualTo(value);
  }

  @Property(tries = 100)
  void sealedValue_neverOpensAtAnotherAddress(
      @ForAll("addresses") SecretAddress address,
      @ForAll("addresses") SecretAddress other,
      @ForAll @Size(max = 256) byte[] value)
      throws GeneralSecurityException {
    Assume.that(!address.equals(other));
    SealedValue sealed = barrier.seal(address, ATTRIBUTES, value);

    assertThatThrownBy(() -> barrier.open(other, ATTRIBUTES, sealed))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Property(tries = 50)
  void sealedValue_neverOpensWithAnotherMasterKey(
      @ForAll("addresses") SecretAddress address, @ForAll @Size(max = 256) byte[] value)
      throws GeneralSecurityException {
    SealedValue sealed = barrier.seal(address, ATTRIBUTES, value);

    assertThatThrownBy(() -> otherBarrier.open(address, ATTRIBUTES, sealed))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Property(tries = 100)
  void anyFlippedBit_ofTheCiphertext_failsToOpen(
      @ForAll("addresses") SecretAddress address,
      @ForAll @Size(min = 1, max = 64) byte[] value,
      @ForAll int position)
      throws GeneralSecurityException {
    SealedValue sealed = barrier.seal(address, ATTRIBUTES, value);
    byte[] ciphertext = sealed.ciphertext().clone();
    int bit = Math.floorMod(position, ciphertext.length * 8);
    ciphertext[bit / 8] ^= (byte) (1 << (bit % 8));

    assertThatThrownBy(
            () ->
                barrier.open(address, ATTRIBUTES, new SealedValue(sealed.wrappedKey(), ciphertext)))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Property(tries = 100)
  void sealedValue_neverOpensWithOtherAttributes_butDoesOnceRewrappedForThem(
      @ForAll("addresses") SecretAddress address,
      @ForAll @Size(max = 64) byte[] attributes,
      @ForAll @Size(max = 64) byte[] other,
      @ForAll @Size(max = 64) byte[] value)
      throws GeneralSecurityException {
    Assume.that(!java.util.Arrays.equals(attributes, other));
    SealedValue sealed = barrier.seal(address, attributes, value);

    assertThatThrownBy(() -> barrier.open(address, other, sealed))
        .isInstanceOf(GeneralSecurityException.class);
    byte[] rewrapped = barrier.rewrap(address, attributes, other, sealed.wrappedKey());
    assertThat(barrier.open(address, other, new SealedValue(rewrapped, sealed.ciphertext())))
        .isEqualTo(value);
  }

  @Provide
  Arbitrary<SecretAddress> addresses() {
    Arbitrary<String> names =
        Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> versions = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
    return net.jqwik.api.Combinators.combine(
            Arbitraries.of("default", "payments", "a"), names, versions)
        .as(SecretAddress::new);
  }
}
