import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, codecKey, PayloadCodecError } from './payload-codec';

export interface CodecSettings {
  TEMPORAL_CODEC_KEY?: string;
  TEMPORAL_CODEC_KEY_ID?: string;
  /** `id=base64,id=base64`: keys being rotated out, which still decrypt. */
  TEMPORAL_CODEC_PREVIOUS_KEYS?: string;
}

/** The payload codec configured by TEMPORAL_CODEC_KEY (and TEMPORAL_CODEC_KEY_ID, TEMPORAL_CODEC_PREVIOUS_KEYS). */
export function payloadCodec(settings: CodecSettings): AesGcmPayloadCodec {
  if (!settings.TEMPORAL_CODEC_KEY) {
    throw new PayloadCodecError('TEMPORAL_CODEC_KEY must be set (base64 of 32 bytes): Temporal payloads are encrypted');
  }
  const previous = (settings.TEMPORAL_CODEC_PREVIOUS_KEYS ?? '')
    .split(',')
    .filter((entry) => entry.trim() !== '')
    .map((entry) => {
      const at = entry.indexOf('=');
      if (at <= 0)
        throw new PayloadCodecError('TEMPORAL_CODEC_PREVIOUS_KEYS must be id=base64 pairs separated by commas');
      return codecKey(
        entry.slice(at + 1).trim(),
        entry.slice(0, at).trim(),
        'each key of TEMPORAL_CODEC_PREVIOUS_KEYS',
      );
    });
  return new AesGcmPayloadCodec(codecKey(settings.TEMPORAL_CODEC_KEY, settings.TEMPORAL_CODEC_KEY_ID), previous);
}

/**
 * The one data converter of every Temporal client and worker (API, worker, tests): the default payload
 * converter, then AES-256-GCM on every payload. A process without it would write personal values into history
 * in clear, and could not read what the others wrote.
 */
export function temporalDataConverter(settings: CodecSettings): DataConverter {
  return { payloadCodecs: [payloadCodec(settings)] };
}
