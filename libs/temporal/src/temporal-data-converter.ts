import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, codecKey, PayloadCodecError } from './payload-codec';

export interface CodecSettings {
  TEMPORAL_CODEC_KEY?: string;
  TEMPORAL_CODEC_KEY_ID?: string;
}

/** The payload codec configured by TEMPORAL_CODEC_KEY (and TEMPORAL_CODEC_KEY_ID). */
export function payloadCodec(settings: CodecSettings): AesGcmPayloadCodec {
  if (!settings.TEMPORAL_CODEC_KEY) {
    throw new PayloadCodecError('TEMPORAL_CODEC_KEY must be set (base64 of 32 bytes): Temporal payloads are encrypted');
  }
  return new AesGcmPayloadCodec(codecKey(settings.TEMPORAL_CODEC_KEY, settings.TEMPORAL_CODEC_KEY_ID));
}

/**
 * The one data converter of every Temporal client and worker (API, worker, tests): the default payload
 * converter, then AES-256-GCM on every payload. A process without it would write personal values into history
 * in clear, and could not read what the others wrote.
 */
export function temporalDataConverter(settings: CodecSettings): DataConverter {
  return { payloadCodecs: [payloadCodec(settings)] };
}
