import { FieldCipher } from './field-cipher';

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
