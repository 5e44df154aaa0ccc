import { createHmac, hkdfSync } from 'node:crypto';
import { FieldCipher } from './field-cipher';
import { dataKey, KeyRing } from './key-ring';
import { encryptLegacyFormat } from './legacy-format';

describe('FieldCipher', () => {
  const cipher = new FieldCipher(FieldCipher.generateKey());

  it('round-trips a value and never stores it in clear', () => {
    const sealed = cipher.encrypt('110101199003071234');
    expect(sealed.toString('utf8')).not.toContain('110101199003071234');
    expect(cipher.decrypt(sealed)).toBe('110101199003071234');
  });

  it('uses a fresh IV, so equal values encrypt differently but hash equally', () => {
    expect(cipher.encrypt('+8613800138000').equals(cipher.encrypt('+8613800138000'))).toBe(false);
    expect(cipher.blindIndex('+8613800138000').equals(cipher.blindIndex('+8613800138000'))).toBe(true);
    expect(cipher.blindIndex('+8613800138000').equals(cipher.blindIndex('+8613800138001'))).toBe(false);
  });

  it('detects tampering', () => {
    const sealed = cipher.encrypt('6222020200112233445');
    sealed[sealed.length - 1] ^= 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });

  it('gives different blind indexes under different keys', () => {
    const other = new FieldCipher(FieldCipher.generateKey());
    expect(other.blindIndex('x').equals(cipher.blindIndex('x'))).toBe(false);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new FieldCipher(Buffer.alloc(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('FieldCipher: ciphertexts that name their key', () => {
  const k1 = FieldCipher.generateKey();
  const k2 = FieldCipher.generateKey();
  const ringOf = (current: [string, string], ...previous: Array<[string, string]>) =>
    new KeyRing(
      dataKey(current[1], current[0]),
      previous.map(([id, key]) => dataKey(key, id)),
    );

  it('writes format 2 naming the current key id, readable only with that key', () => {
    const cipher = new FieldCipher(ringOf(['k1', k1]));
    const sealed = cipher.encrypt('13800138000');
    expect(sealed[0]).toBe(2);
    expect(sealed.subarray(2, 2 + sealed[1]).toString('utf8')).toBe('k1');
    expect(cipher.keyIdOf(sealed)).toBe('k1');
    expect(cipher.isCurrent(sealed)).toBe(true);
    expect(() => new FieldCipher(ringOf(['k2', k2])).decrypt(sealed)).toThrow(/data key "k1" is not in/);
  });

  it('authenticates the key id: a ciphertext relabelled to another id does not open, even under the same key', () => {
    // One key under two ids: only the additional data (the header) tells the ids apart.
    const cipher = new FieldCipher(ringOf(['ka', k1], ['kb', k1]));
    const sealed = cipher.encrypt('x');
    const relabelled = Buffer.from(sealed);
    relabelled.write('kb', 2, 'utf8');
    expect(cipher.keyIdOf(relabelled)).toBe('kb');
    expect(() => cipher.decrypt(relabelled)).toThrow();
    expect(cipher.decrypt(sealed)).toBe('x');
  });

  it('decrypts by the named key after a rotation, and encrypts with the new current key', () => {
    const before = new FieldCipher(ringOf(['k1', k1]));
    const old = before.encrypt('6222020200112233445');
    const after = new FieldCipher(ringOf(['k2', k2], ['k1', k1]));
    expect(after.decrypt(old)).toBe('6222020200112233445');
    expect(after.isCurrent(old)).toBe(false);
    expect(after.keyIdOf(after.encrypt('y'))).toBe('k2');
  });

  it('keeps reading the first format, under the current key or a previous one', () => {
    const legacy = encryptLegacyFormat(k1, '110101199003071234');
    expect(new FieldCipher(k1).decrypt(legacy)).toBe('110101199003071234');
    const rotated = new FieldCipher(ringOf(['k2', k2], ['k1', k1]));
    expect(rotated.decrypt(legacy)).toBe('110101199003071234');
    expect(rotated.keyIdOf(legacy)).toBeNull();
    expect(rotated.isCurrent(legacy)).toBe(false);
    expect(() => new FieldCipher(k2).decrypt(legacy)).toThrow();
  });

  it('keeps the blind index of a key unchanged by the format (hashes written before key ids still match)', () => {
    const legacyMac = Buffer.from(
      hkdfSync('sha256', Buffer.from(k1, 'base64'), Buffer.alloc(0), 'verity/blind-index/v1', 32),
    );
    const expected = createHmac('sha256', legacyMac).update('+8613800138000', 'utf8').digest();
    expect(new FieldCipher(k1).blindIndex('+8613800138000').equals(expected)).toBe(true);
  });

  it('hashes under the index key it is given, and gives both hashes while a rotation has two in play', () => {
    const ring = ringOf(['k2', k2], ['k1', k1]);
    const cipher = new FieldCipher(ring);
    expect(cipher.indexKeyId).toBe('k2');
    const during = cipher.withIndexKeys('k2', 'k1');
    const [h2, h1] = during.blindIndexes('v');
    expect(h2.equals(cipher.blindIndexUnder('k2', 'v'))).toBe(true);
    expect(h1.equals(cipher.blindIndexUnder('k1', 'v'))).toBe(true);
    expect(during.blindIndex('v').equals(h2)).toBe(true);
    const before = cipher.withIndexKeys('k1', null);
    expect(before.blindIndex('v').equals(h1)).toBe(true);
    expect(before.blindIndexes('v')).toHaveLength(1);
    expect(() => cipher.withIndexKeys('k9', null)).toThrow(/"k9" is not in/);
  });
});
