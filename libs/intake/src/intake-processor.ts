import { validateSync } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { underwrite } from '../../domain/src';
import { branchToday } from '../../domain/src/calendar/working-calendar';
import type { PolicyApplication, SellerFacts, UnderwritingReason, UnderwritingResult } from '../../domain/src';
import { loadAdminAreaCodes } from '../../persistence/src/area-codes/area-code-repository';
import { scopeRefusal, type Scope } from '../../domain/src/scope';
import type { FieldCipher } from '../../persistence/src/crypto/field-cipher';
import { loadSellerFacts } from '../../persistence/src/directory/directory-repository';
import type { UnderwrittenPolicy } from '../../persistence/src/policies/policy-writer';
import { PolicyWriter } from '../../persistence/src/policies/policy-writer';
import { BeneficiaryDto, InsuredDto, PartyDto, PaymentDto, PolicyApplicationDto } from './policy-application.dto';
import type { FieldError } from './validation-errors';
import { flattenValidationErrors } from './validation-errors';
import { CONTROL_CHARACTER } from '../../domain/src/common/control-characters';

export type ShapeCheck = { ok: true; dto: PolicyApplicationDto } | { ok: false; errors: FieldError[] };

export interface RawRow {
  lineNo: number;
  /** The row as a JSON object, or the text that failed to parse as one. */
  value: unknown;
}

export type RowOutcome =
  | { lineNo: number; kind: 'accepted'; policyNumber: string; reasons: UnderwritingReason[] }
  | { lineNo: number; kind: 'refused'; policyNumber: string; reasons: UnderwritingReason[] }
  | { lineNo: number; kind: 'bad'; policyNumber: string | null; reasons: FieldError[] };

export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** Checks a raw object against the application shape; every broken field is reported. */
export function checkShape(raw: unknown): ShapeCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: '(row)', code: 'ROW_MALFORMED', message: 'the row is not a JSON object' }] };
  }
  const dto = instantiate(raw as Record<string, unknown>);
  const errors = [
    ...prototypeKeys(raw as Record<string, unknown>),
    ...controlCharacterFields(raw),
    ...flattenValidationErrors(validateSync(dto, VALIDATION_OPTIONS)),
  ];
  return errors.length === 0 ? { ok: true, dto } : { ok: false, errors };
}

/**
 * The DTO instances class-validator needs, built by hand: for a plain JSON row this is what
 * class-transformer's plainToInstance produces (no @Transform is used), at a fraction of its cost on bulk imports.
 */
function instantiate(raw: Record<string, unknown>): PolicyApplicationDto {
  const dto = copyInto(new PolicyApplicationDto(), raw);
  if (isRecord(raw.policyholder)) dto.policyholder = copyInto(new PartyDto(), raw.policyholder);
  if (isRecord(raw.insured)) dto.insured = copyInto(new InsuredDto(), raw.insured);
  if (isRecord(raw.payment)) dto.payment = copyInto(new PaymentDto(), raw.payment);
  if (Array.isArray(raw.beneficiaries))
    dto.beneficiaries = raw.beneficiaries.map((b: unknown) =>
      isRecord(b) ? copyInto(new BeneficiaryDto(), b) : b,
    ) as BeneficiaryDto[];
  return dto;
}

/**
 * Copies own keys. Unlike Object.assign, a `__proto__` key from JSON is skipped instead of replacing the
 * instance's prototype (prototypeKeys reports it as an unknown field).
 */
function copyInto<T extends object>(target: T, source: Record<string, unknown>): T {
  const out = target as Record<string, unknown>;
  for (const key of Object.keys(source)) if (key !== '__proto__') out[key] = source[key];
  return target;
}

/** class-validator's whitelist does not see `__proto__`; name it here so such a row is refused for it. */
function prototypeKeys(raw: Record<string, unknown>): FieldError[] {
  const objects: Array<[string, unknown]> = [['', raw]];
  for (const k of ['policyholder', 'insured', 'payment']) if (isRecord(raw[k])) objects.push([`${k}.`, raw[k]]);
  if (Array.isArray(raw.beneficiaries))
    raw.beneficiaries.forEach((b: unknown, i) => isRecord(b) && objects.push([`beneficiaries.${i}.`, b]));
  return objects
    .filter(([, o]) => Object.prototype.hasOwnProperty.call(o, '__proto__'))
    .map(([p]) => p)
    .map((p) => ({
      field: `${p}__proto__`,
      code: 'FIELD_UNKNOWN',
      message: `property ${p}__proto__ should not exist`,
    }));
}

/**
 * Strings holding a NUL or another C0 control character (but tab, CR, LF), by dotted path: PostgreSQL cannot store
 * NUL in text, and no field of an application needs the others. The API's JSON parser refuses them before this.
 */
function controlCharacterFields(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    return CONTROL_CHARACTER.test(value)
      ? [{ field: path || '(row)', code: 'FIELD_INVALID', message: `${path || 'the row'} holds a control character` }]
      : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    controlCharacterFields(v, Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function toApplication(dto: PolicyApplicationDto): PolicyApplication {
  const insured = dto.insured.sameAsPolicyholder ? null : { ...dto.insured, sameAsPolicyholder: undefined };
  return { ...dto, insured, payment: dto.payment ?? null, beneficiaries: dto.beneficiaries ?? [] };
}

// The gate's callers take "today" from here; there is one definition, in the domain's calendar.
export { branchToday };

/** Sellers' facts for underwriting: read by the directory's repository, which owns the sellers table. */
export { loadSellerFacts };

/**
 * The intake gate for any number of applications: shape check, automatic underwriting (R1–R3, scope),
 * then one set-based write. Used by the single-policy endpoint and by each bulk-import batch alike.
 */
export class IntakeProcessor {
  private readonly writer: PolicyWriter;

  constructor(
    cipher: FieldCipher,
    private readonly defaultCoolingOffDays: number,
  ) {
    this.writer = new PolicyWriter(cipher);
  }

  underwriteOne(
    app: PolicyApplication,
    sellers: Map<string, SellerFacts>,
    today: string,
  ): UnderwrittenPolicy & { result: UnderwritingResult } {
    return {
      app,
      result: underwrite(app, sellers.get(app.sellerCode) ?? null, today),
      coolingOffDays: app.coolingOffDays ?? this.defaultCoolingOffDays,
      source: 'api',
    };
  }

  /**
   * Processes rows inside the caller's transaction; returns one outcome per row, in line order. A row whose branch
   * or channel is outside `scope` (the caller's token) is refused with OUT_OF_SCOPE and not stored.
   */
  async processRows(
    db: EntityManager,
    rows: RawRow[],
    opts: { source: 'api' | 'import'; scope: Scope; importId?: string | null; today?: string },
  ): Promise<RowOutcome[]> {
    const today = opts.today ?? branchToday();
    const outcomes = new Map<number, RowOutcome>();
    const good: Array<{ lineNo: number; app: PolicyApplication }> = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const shape = checkShape(row.value);
      if (!shape.ok) {
        outcomes.set(row.lineNo, {
          lineNo: row.lineNo,
          kind: 'bad',
          policyNumber: policyNumberOf(row.value),
          reasons: shape.errors,
        });
        continue;
      }
      const app = toApplication(shape.dto);
      const outOfScope = scopeRefusal(opts.scope, app.branchCode, app.channel);
      if (outOfScope) {
        outcomes.set(row.lineNo, {
          lineNo: row.lineNo,
          kind: 'refused',
          policyNumber: app.policyNumber,
          reasons: [outOfScope],
        });
        continue;
      }
      if (seen.has(app.policyNumber)) {
        outcomes.set(row.lineNo, {
          lineNo: row.lineNo,
          kind: 'bad',
          policyNumber: app.policyNumber,
          reasons: [duplicateError(app.policyNumber)],
        });
        continue;
      }
      seen.add(app.policyNumber);
      good.push({ lineNo: row.lineNo, app });
    }

    const sellers = await loadSellerFacts(
      db,
      good.map((g) => g.app.sellerCode),
    );
    await loadAdminAreaCodes(db);
    const items = good.map((g) => ({
      ...this.underwriteOne(g.app, sellers, today),
      source: opts.source,
      importId: opts.importId ?? null,
    }));
    const { duplicates } = await this.writer.insertMany(db, items);
    good.forEach((g, i) => {
      const { result } = items[i];
      const policyNumber = g.app.policyNumber;
      outcomes.set(
        g.lineNo,
        duplicates.has(policyNumber)
          ? { lineNo: g.lineNo, kind: 'bad', policyNumber, reasons: [duplicateError(policyNumber)] }
          : {
              lineNo: g.lineNo,
              kind: result.decision === 'ACCEPTED' ? 'accepted' : 'refused',
              policyNumber,
              reasons: result.reasons,
            },
      );
    });
    return rows.map((r) => outcomes.get(r.lineNo)!);
  }

  get policyWriter(): PolicyWriter {
    return this.writer;
  }
}

function duplicateError(policyNumber: string): FieldError {
  return { field: 'policyNumber', code: 'POLICY_NUMBER_DUPLICATE', message: `policy ${policyNumber} already exists` };
}

function policyNumberOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'policyNumber' in value) {
    const n = (value as { policyNumber: unknown }).policyNumber;
    return typeof n === 'string' ? n.slice(0, 40) : null;
  }
  return null;
}
