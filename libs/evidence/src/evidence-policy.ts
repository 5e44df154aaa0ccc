/** Upload rules for evidence files, checked before anything is stored. */
export interface EvidenceLimits {
  maxBytes: number;
  allowedMediaTypes: string[];
}

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  maxBytes: 20 * 1024 * 1024,
  // Signed confirmations, statements and reports arrive as PDFs or scans; nothing executable or scriptable.
  allowedMediaTypes: ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'],
};

export interface EvidenceUpload {
  size: number;
  mediaType: string;
  fileName: string;
  /** When given, the bytes must look like the declared type: a client's Content-Type is only a claim. */
  content?: Buffer;
}

export type EvidenceUploadCode = 'EVIDENCE_TOO_LARGE' | 'EVIDENCE_MEDIA_TYPE' | 'EVIDENCE_EMPTY';

export type EvidenceUploadCheck =
  { ok: true } | { ok: false; field: 'file'; code: EvidenceUploadCode; message: string };

// Magic bytes at offset 0 for every type the sniffer recognises.
const SIGNATURES: ReadonlyArray<{ mediaType: string; magic: readonly number[] }> = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { mediaType: 'image/tiff', magic: [0x49, 0x49, 0x2a, 0x00] }, // II*\0, little-endian
  { mediaType: 'image/tiff', magic: [0x4d, 0x4d, 0x00, 0x2a] }, // MM\0*, big-endian
];

const SNIFFABLE = new Set(SIGNATURES.map((s) => s.mediaType));

/** The media type the content's leading bytes identify, or null when none of the known signatures match. */
export function sniffMediaType(content: Buffer): string | null {
  const match = SIGNATURES.find(
    ({ magic }) => content.length >= magic.length && magic.every((byte, i) => content[i] === byte),
  );
  return match ? match.mediaType : null;
}

/** Lower case without parameters, so `Application/PDF; charset=binary` compares equal to `application/pdf`. */
export function normaliseMediaType(mediaType: string): string {
  return mediaType.split(';')[0].trim().toLowerCase();
}

function refuse(code: EvidenceUploadCode, message: string): EvidenceUploadCheck {
  return { ok: false, field: 'file', code, message };
}

export function checkUpload(
  upload: EvidenceUpload,
  limits: EvidenceLimits = DEFAULT_EVIDENCE_LIMITS,
): EvidenceUploadCheck {
  const name = JSON.stringify(upload.fileName);
  // Trust the bytes over the declared size when we have them.
  const size = upload.content ? upload.content.length : upload.size;
  if (!(size > 0)) return refuse('EVIDENCE_EMPTY', `File ${name} is empty`);
  if (size > limits.maxBytes) {
    return refuse('EVIDENCE_TOO_LARGE', `File ${name} is ${size} bytes; the limit is ${limits.maxBytes} bytes`);
  }
  const declared = normaliseMediaType(upload.mediaType ?? '');
  const allowed = limits.allowedMediaTypes.map(normaliseMediaType);
  if (!allowed.includes(declared)) {
    return refuse(
      'EVIDENCE_MEDIA_TYPE',
      `File ${name} has type ${JSON.stringify(declared)}; allowed: ${allowed.join(', ')}`,
    );
  }
  if (upload.content) {
    const sniffed = sniffMediaType(upload.content);
    // A type we cannot sniff (configured by a deployment) passes on its declaration alone.
    if (sniffed !== declared && (sniffed !== null || SNIFFABLE.has(declared))) {
      return refuse(
        'EVIDENCE_MEDIA_TYPE',
        `File ${name} is declared as ${declared} but its content is ${sniffed ?? 'not a recognised format'}`,
      );
    }
  }
  return { ok: true };
}
