import { Injectable } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import { AesGcmPayloadCodec, payloadCodec, PayloadCodecError } from '../../../../libs/temporal/src';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';

/** A payload as the Temporal remote codec protocol sends it: protobuf JSON, every byte string in base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const PAYLOADS_SCHEMA = {
  type: 'object',
  required: ['payloads'],
  properties: {
    payloads: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
          data: { type: 'string', format: 'byte' },
        },
      },
    },
  },
};

/** Reads `{ payloads: [...] }`, answering 400 naming the first field that is not what the protocol says. */
export function readPayloads(body: unknown): Payload[] {
  const payloads = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads))
    throw new DomainError('FIELD_INVALID', 'payloads must be an array of payloads', 'payloads');
  return payloads.map((p: unknown, i) => {
    const field = `payloads[${i}]`;
    if (p === null || typeof p !== 'object' || Array.isArray(p))
      throw new DomainError('FIELD_INVALID', `${field} must be an object`, field);
    const { metadata = {}, data = '', ...rest } = p as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length)
      throw new DomainError('FIELD_INVALID', `${field}.${unknown[0]} is not a payload field`, `${field}.${unknown[0]}`);
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
      throw new DomainError('FIELD_INVALID', `${field}.metadata must be an object`, `${field}.metadata`);
    const bytes = (value: unknown, name: string) => {
      if (typeof value !== 'string' || !BASE64.test(value))
        throw new DomainError('FIELD_INVALID', `${name} must be base64`, name);
      return new Uint8Array(Buffer.from(value, 'base64'));
    };
    return {
      metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, bytes(v, `${field}.metadata.${k}`)])),
      data: bytes(data, `${field}.data`),
    };
  });
}

export function writePayloads(payloads: Payload[]): { payloads: JsonPayload[] } {
  const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('base64');
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
      data: b64(p.data),
    })),
  };
}

/** The payload codec behind the endpoint; every decode is audited, since it reveals what history holds. */
@Injectable()
export class TemporalCodecService {
  private readonly codec: AesGcmPayloadCodec;

  constructor(
    env: VerityEnv,
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {
    this.codec = payloadCodec(env);
  }

  async encode(body: unknown): Promise<{ payloads: JsonPayload[] }> {
    return writePayloads(await this.codec.encode(readPayloads(body)));
  }

  async decode(principal: Principal, body: unknown, route: string): Promise<{ payloads: JsonPayload[] }> {
    const payloads = readPayloads(body);
    const decoded = await Promise.all(
      payloads.map(async (p, i) => {
        try {
          return (await this.codec.decode([p]))[0];
        } catch (err) {
          if (err instanceof PayloadCodecError) throw new DomainError('FIELD_INVALID', err.message, `payloads[${i}]`);
          throw err;
        }
      }),
    );
    await this.audit.record(this.db.manager, principal, {
      action: 'temporal.decode',
      entityType: 'temporal_payload',
      entityId: '-',
      detail: { route, payloads: payloads.length },
    });
    return writePayloads(decoded);
  }
}
