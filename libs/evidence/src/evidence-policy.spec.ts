import { DEFAULT_EVIDENCE_LIMITS, checkUpload, sniffMediaType } from './evidence-policy';

const PDF = Buffer.from('%PDF-1.7\n...');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TIFF_LE = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00]);
const TIFF_BE = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x08]);

describe('sniffMediaType', () => {
  it('recognises PDF, JPEG, PNG and both TIFF byte orders', () => {
    expect(sniffMediaType(PDF)).toBe('application/pdf');
    expect(sniffMediaType(JPEG)).toBe('image/jpeg');
    expect(sniffMediaType(PNG)).toBe('image/png');
    expect(sniffMediaType(TIFF_LE)).toBe('image/tiff');
    expect(sniffMediaType(TIFF_BE)).toBe('image/tiff');
  });

  it('returns null for anything else, including truncated signatures', () => {
    expect(sniffMediaType(Buffer.from('<html><script>'))).toBeNull();
    expect(sniffMediaType(Buffer.from('%PDF'))).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
  });
});

describe('checkUpload', () => {
  const upload = { size: 1024, mediaType: 'application/pdf', fileName: 'report.pdf' };

  it('accepts an allowed type within the limit', () => {
    expect(checkUpload(upload)).toEqual({ ok: true });
    expect(checkUpload({ ...upload, mediaType: 'Application/PDF; charset=binary' })).toEqual({ ok: true });
    expect(checkUpload({ ...upload, size: DEFAULT_EVIDENCE_LIMITS.maxBytes })).toEqual({ ok: true });
  });

  it('refuses an empty file', () => {
    expect(checkUpload({ ...upload, size: 0 })).toMatchObject({ ok: false, field: 'file', code: 'EVIDENCE_EMPTY' });
    expect(checkUpload({ ...upload, content: Buffer.alloc(0) })).toMatchObject({ ok: false, code: 'EVIDENCE_EMPTY' });
  });

  it('refuses a file over the limit (20 MB by default)', () => {
    expect(DEFAULT_EVIDENCE_LIMITS.maxBytes).toBe(20 * 1024 * 1024);
    expect(checkUpload({ ...upload, size: DEFAULT_EVIDENCE_LIMITS.maxBytes + 1 })).toMatchObject({
      ok: false,
      field: 'file',
      code: 'EVIDENCE_TOO_LARGE',
    });
    expect(checkUpload(upload, { maxBytes: 100, allowedMediaTypes: ['application/pdf'] })).toMatchObject({
      code: 'EVIDENCE_TOO_LARGE',
    });
  });

  it('refuses a type that is not allowed', () => {
    const result = checkUpload({ ...upload, mediaType: 'text/html', fileName: 'x.html' });
    expect(result).toMatchObject({ ok: false, field: 'file', code: 'EVIDENCE_MEDIA_TYPE' });
    expect(result.ok === false && result.message).toContain('text/html');
    expect(checkUpload({ ...upload, mediaType: 'image/heic' })).toMatchObject({ code: 'EVIDENCE_MEDIA_TYPE' });
  });

  it('accepts content that matches the declared type', () => {
    expect(checkUpload({ ...upload, content: PDF })).toEqual({ ok: true });
    expect(checkUpload({ ...upload, mediaType: 'image/png', content: PNG })).toEqual({ ok: true });
    expect(checkUpload({ ...upload, mediaType: 'image/tiff', content: TIFF_BE })).toEqual({ ok: true });
  });

  it('refuses content that disagrees with the declared type, naming both', () => {
    const result = checkUpload({ ...upload, mediaType: 'application/pdf', content: JPEG });
    expect(result).toMatchObject({ ok: false, field: 'file', code: 'EVIDENCE_MEDIA_TYPE' });
    expect(result.ok === false && result.message).toMatch(/application\/pdf.*image\/jpeg/);
    expect(checkUpload({ ...upload, content: Buffer.from('<html>') })).toMatchObject({ code: 'EVIDENCE_MEDIA_TYPE' });
  });

  it('lets a configured type the sniffer does not know pass on its declaration, unless the bytes say otherwise', () => {
    const limits = { maxBytes: 1000, allowedMediaTypes: ['image/heic'] };
    const heic = Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
    expect(checkUpload({ size: 8, mediaType: 'image/heic', fileName: 'a.heic', content: heic }, limits)).toEqual({
      ok: true,
    });
    expect(checkUpload({ size: 8, mediaType: 'image/heic', fileName: 'a.heic', content: PNG }, limits)).toMatchObject({
      code: 'EVIDENCE_MEDIA_TYPE',
    });
  });
});
