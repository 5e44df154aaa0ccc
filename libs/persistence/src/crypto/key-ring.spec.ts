import { randomBytes } from 'node:crypto';
import { dataKey, defaultDataKeyId, KeyRing } from './key-ring';

describe('KeyRing', () => {
  const k1 = randomBytes(32).toString('base64');
  const k2 = randomBytes(32).toString('base64');

  it('reads the current key and its id, defaulting the id to a fingerprint of the key', () => {
    const named = KeyRing.fromSettings({ VERITY_DATA_KEY: k1, VERITY_DATA_KEY_ID: '2026-12' });
    expect(named.current.id).toBe('2026-12');
    const unnamed = KeyRing.fromSettings({ VERITY_DATA_KEY: k1 });
    expect(unnamed.current.id).toBe(defaultDataKeyId(Buffer.from(k1, 'base64')));
    expect(unnamed.current.id).toMatch(/^sha256-[0-9a-f]{16}$/);
    expect(unnamed.current.id).not.toBe(KeyRing.fromSettings({ VERITY_DATA_KEY: k2 }).current.id);
  });

  it('holds previous keys by id, the current one first', () => {
    const ring = KeyRing.fromSettings({
      VERITY_DATA_KEY: k2,
      VERITY_DATA_KEY_ID: 'k2',
      VERITY_DATA_PREVIOUS_KEYS: `k1=${k1}, k0=${randomBytes(32).toString('base64')}`,
    });
    expect(ring.ids).toEqual(['k2', 'k1', 'k0']);
    expect(ring.get('k1').encKey.equals(dataKey(k1).encKey)).toBe(true);
    expect(ring.has('k9')).toBe(false);
    expect(() => ring.get('k9')).toThrow(/data key "k9" is not in this process's key ring \(k2, k1, k0\)/);
  });

  it('derives distinct encryption and index keys, the same for the same key whatever its id', () => {
    const a = dataKey(k1, 'a');
    const b = dataKey(k1, 'b');
    expect(a.encKey.equals(b.encKey)).toBe(true);
    expect(a.macKey.equals(b.macKey)).toBe(true);
    expect(a.encKey.equals(a.macKey)).toBe(false);
  });

  it('refuses bad keys, bad ids, bad lists and an id given twice, naming the setting', () => {
    expect(() => KeyRing.fromSettings({ VERITY_DATA_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      'VERITY_DATA_KEY must be base64 of exactly 32 bytes',
    );
    expect(() => KeyRing.fromSettings({ VERITY_DATA_KEY: k1, VERITY_DATA_PREVIOUS_KEYS: 'old=AAAA' })).toThrow(
      'each key of VERITY_DATA_PREVIOUS_KEYS must be base64 of exactly 32 bytes',
    );
    expect(() => KeyRing.fromSettings({ VERITY_DATA_KEY: k1, VERITY_DATA_PREVIOUS_KEYS: k2 })).toThrow(
      'VERITY_DATA_PREVIOUS_KEYS must be id=base64 pairs',
    );
    expect(() => dataKey(k1, 'has space')).toThrow(/1-64 letters/);
    expect(() =>
      KeyRing.fromSettings({ VERITY_DATA_KEY: k1, VERITY_DATA_KEY_ID: 'k', VERITY_DATA_PREVIOUS_KEYS: `k=${k2}` }),
    ).toThrow('the key id "k" is given twice');
  });
});
