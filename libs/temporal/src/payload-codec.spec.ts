import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, codecKey, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadCodecError } from './payload-codec';
import { payloadCodec, temporalDataConverter } from './temporal-data-converter';

const KEY = Buffer.alloc(32, 3).toString('base64');
const OTHER = Buffer.alloc(32, 4).toString('base64');
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

describe('AesGcmPayloadCodec', () => {
  const codec = new AesGcmPayloadCodec(codecKey(KEY, 'k1'));
  const correction = { customerId: '7', field: 'phone', oldValue: '13800138000', newValue: '13900139000' };
  const plain = defaultPayloadConverter.toPayload(correction);

  it('encrypts a payload: binary/encrypted, the key id in the metadata, no value in clear', async () => {
    const [sealed] = await codec.encode([plain]);
    expect(text(sealed.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(Object.keys(sealed.metadata!).sort()).toEqual(['encoding', KEY_ID_METADATA]);
    expect(text(sealed.data)).not.toContain('13800138000');
    expect(text(sealed.data)).not.toContain('json/plain');
  });

  it('decodes what it encoded, metadata included', async () => {
    const [back] = await codec.decode(await codec.encode([plain]));
    expect(defaultPayloadConverter.fromPayload(back)).toEqual(correction);
    expect(text(back.metadata!.encoding)).toBe('json/plain');
  });

  it('encrypts the same payload differently each time (a fresh IV)', async () => {
    const [a, b] = await codec.encode([plain, plain]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('passes a payload that was never encrypted through on decode', async () => {
    await expect(codec.decode([plain])).resolves.toEqual([plain]);
  });

  it('fails clearly on an unknown key id', async () => {
    const [sealed] = await new AesGcmPayloadCodec(codecKey(OTHER, 'k2')).encode([plain]);
    await expect(codec.decode([sealed])).rejects.toThrow(
      new PayloadCodecError('a Temporal payload is encrypted with key id "k2", which this process does not hold'),
    );
  });

  it('refuses an altered payload, or another key under the same id', async () => {
    const [sealed] = await codec.encode([plain]);
    const altered = { ...sealed, data: Uint8Array.from(sealed.data!, (v, i) => (i === 20 ? v ^ 1 : v)) };
    await expect(codec.decode([altered])).rejects.toThrow(/does not decrypt with key id "k1"/);
    const [impostor] = await new AesGcmPayloadCodec(codecKey(OTHER, 'k1')).encode([plain]);
    await expect(codec.decode([impostor])).rejects.toThrow(/does not decrypt with key id "k1"/);
    // The key id is authenticated too: relabelling a payload is caught.
    const [underK2] = await new AesGcmPayloadCodec(codecKey(KEY, 'k2')).encode([plain]);
    const relabelled = {
      ...underK2,
      metadata: { ...underK2.metadata, [KEY_ID_METADATA]: sealed.metadata![KEY_ID_METADATA] },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow(/does not decrypt/);
  });

  it('decodes with a previous key while encrypting with the current one', async () => {
    const [old] = await new AesGcmPayloadCodec(codecKey(OTHER, 'old')).encode([plain]);
    const rotated = new AesGcmPayloadCodec(codecKey(KEY, 'new'), [codecKey(OTHER, 'old')]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old]))[0])).toEqual(correction);
    expect(text((await rotated.encode([plain]))[0].metadata![KEY_ID_METADATA])).toBe('new');
  });
});

describe('temporalDataConverter', () => {
  it('is the default converter followed by the codec of TEMPORAL_CODEC_KEY, its id a fingerprint unless set', async () => {
    const converter = temporalDataConverter({ TEMPORAL_CODEC_KEY: KEY });
    expect(converter.payloadCodecs).toHaveLength(1);
    const [sealed] = await converter.payloadCodecs![0].encode([defaultPayloadConverter.toPayload('x')]);
    expect(text(sealed.metadata![KEY_ID_METADATA])).toMatch(/^sha256-[0-9a-f]{16}$/);
    const [named] = await payloadCodec({ TEMPORAL_CODEC_KEY: KEY, TEMPORAL_CODEC_KEY_ID: '2026-12' }).encode([
      defaultPayloadConverter.toPayload('x'),
    ]);
    expect(text(named.metadata![KEY_ID_METADATA])).toBe('2026-12');
  });

  it('keeps decrypting with the keys of TEMPORAL_CODEC_PREVIOUS_KEYS after a rotation', async () => {
    const plain = defaultPayloadConverter.toPayload({ phone: '13800138000' });
    const [old] = await payloadCodec({ TEMPORAL_CODEC_KEY: OTHER, TEMPORAL_CODEC_KEY_ID: '2026-06' }).encode([plain]);
    const rotated = payloadCodec({
      TEMPORAL_CODEC_KEY: KEY,
      TEMPORAL_CODEC_KEY_ID: '2026-12',
      TEMPORAL_CODEC_PREVIOUS_KEYS: `2026-06=${OTHER}`,
    });
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([old]))[0])).toEqual({ phone: '13800138000' });
    await expect(
      payloadCodec({ TEMPORAL_CODEC_KEY: KEY, TEMPORAL_CODEC_KEY_ID: '2026-12' }).decode([old]),
    ).rejects.toThrow(/key id "2026-06"/);
    expect(() => payloadCodec({ TEMPORAL_CODEC_KEY: KEY, TEMPORAL_CODEC_PREVIOUS_KEYS: 'old=AAAA' })).toThrow(
      'each key of TEMPORAL_CODEC_PREVIOUS_KEYS must be base64 of 32 bytes',
    );
  });

  it('refuses a missing key or one that is not 32 bytes of base64, naming the setting', () => {
    expect(() => temporalDataConverter({})).toThrow(/TEMPORAL_CODEC_KEY must be set/);
    expect(() => temporalDataConverter({ TEMPORAL_CODEC_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      'TEMPORAL_CODEC_KEY must be base64 of 32 bytes',
    );
    expect(() => temporalDataConverter({ TEMPORAL_CODEC_KEY: 'not base64!' })).toThrow(
      'TEMPORAL_CODEC_KEY must be base64 of 32 bytes',
    );
  });
});
