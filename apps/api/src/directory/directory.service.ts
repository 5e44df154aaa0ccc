import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { normalizePhone } from '../../../../libs/domain/src';
import { checkIdDocument } from '../../../../libs/domain/src/identity/id-document';
import {
  branchToday,
  FieldError,
  flattenValidationErrors,
  readCsvRows,
  VALIDATION_OPTIONS,
} from '../../../../libs/intake/src';
import { FieldCipher } from '../../../../libs/persistence/src/crypto/field-cipher';
import { normaliseAddressForIndex } from '../../../../libs/domain/src/contact/address-index';
import { SellerEntity } from '../../../../libs/persistence/src/entities';
import {
  agencyExists,
  DirectoryCodeTaken,
  type DirectoryKind,
  type DirectoryRow,
  findDirectoryRow,
  insertDirectoryRow,
  listDirectoryRows,
  saveDirectoryRow,
} from '../../../../libs/persistence/src/directory/directory-repository';
import { AuditService } from '../audit/audit.service';
import { scopeCovers, Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { maskMiddle } from '../policies/masking';
import { CreateSellerDto, UpdateSellerDto } from './dto/seller.dto';
import { CreateAgencyDto, UpdateAgencyDto } from './dto/agency.dto';
import type { DirectoryListQuery, SellerListQuery } from './dto/directory-list.dto';

/** Sellers and agencies are kept the same way; this table holds what differs between them. */
const KINDS = {
  seller: { create: CreateSellerDto, notFound: 'SELLER_NOT_FOUND', duplicate: 'SELLER_CODE_DUPLICATE' },
  agency: { create: CreateAgencyDto, notFound: 'AGENCY_NOT_FOUND', duplicate: 'AGENCY_CODE_DUPLICATE' },
} as const satisfies Record<DirectoryKind, unknown>;
type CreateDto = CreateSellerDto | CreateAgencyDto;
type UpdateDto = UpdateSellerDto | UpdateAgencyDto;
type Row = DirectoryRow;
export type { DirectoryKind };

export type DirectoryView = Omit<Row, 'phoneEnc' | 'phoneHash' | 'addressHash' | 'id'> & {
  phone: string | null;
  /** Sellers only: their ID number, always masked. */
  idNumber?: string | null;
};

export interface DirectoryPage {
  items: DirectoryView[];
  page: number;
  pageSize: number;
  total: number;
}

export interface CsvImportResult {
  rows: number;
  accepted: number;
  bad: Array<{ line: number; code: string | null; errors: FieldError[] }>;
}

/** Sellers (agents, bancassurance account managers, agency staff) and agencies: create, update, read, CSV import. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly db: DataSource,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
  ) {}

  async create(principal: Principal, kind: DirectoryKind, dto: CreateDto): Promise<DirectoryView> {
    return this.db.transaction(async (tx) => {
      const row = await this.insert(tx, principal, kind, dto);
      return this.view(row);
    });
  }

  async update(principal: Principal, kind: DirectoryKind, code: string, dto: UpdateDto): Promise<DirectoryView> {
    if (dto.code !== undefined && dto.code !== code)
      throw new DomainError('FIELD_INVALID', 'code cannot be changed', 'code');
    return this.db.transaction(async (tx) => {
      const before = await this.mustFind(tx, principal, kind, code, true);
      const changes = await this.columns(tx, kind, dto);
      const after = { ...before, ...changes } as Row;
      this.assertInScope(principal, after.branchCode, after.channel);
      await saveDirectoryRow(tx, kind, after);
      await this.audit.record(tx, principal, {
        action: `${kind}.update`,
        entityType: kind,
        entityId: code,
        before: this.view(before),
        after: this.view(after),
      });
      return this.view(after);
    });
  }

  async get(principal: Principal, kind: DirectoryKind, code: string): Promise<DirectoryView> {
    return this.view(await this.mustFind(this.db.manager, principal, kind, code, false));
  }

  /** A page of the sellers or agencies in the caller's scope, by code, each shown as a single GET shows it. */
  async list(
    principal: Principal,
    kind: DirectoryKind,
    q: DirectoryListQuery | SellerListQuery,
  ): Promise<DirectoryPage> {
    const { page, pageSize } = q.paging();
    const unqualified = 'unqualified' in q ? q.unqualified : undefined;
    const { rows, total } = await listDirectoryRows(
      this.db.manager,
      kind,
      principal,
      {
        channel: q.channel,
        branchCode: q.branchCode,
        active: q.active,
        q: q.q,
        qualified: unqualified === undefined ? undefined : !unqualified,
      },
      page,
      pageSize,
    );
    return { items: rows.map((r) => this.view(r)), page, pageSize, total };
  }

  /**
   * CSV with one column per field; each good row is stored, each bad one reported by line with its reasons.
   * A row with more or fewer cells than the header, or one that cannot be read (a stray quote), is a bad row.
   */
  async importCsv(principal: Principal, kind: DirectoryKind, body: Readable): Promise<CsvImportResult> {
    const result: CsvImportResult = { rows: 0, accepted: 0, bad: [] };
    const rows = readCsvRows(body, {
      headerError: (message) => new DomainError('IMPORT_HEADER_INVALID', message, 'header'),
    });
    for await (const { line, cells, bad } of rows) {
      result.rows += 1;
      const code = (cells?.code ?? '').trim() || null;
      if (bad !== null) {
        result.bad.push({ line, code, errors: [{ field: '(row)', code: 'ROW_UNREADABLE', message: bad }] });
        continue;
      }
      const dto = plainToInstance(KINDS[kind].create, csvCells(cells));
      const errors = flattenValidationErrors(validateSync(dto, VALIDATION_OPTIONS));
      if (errors.length === 0) {
        try {
          // One transaction per row: a refused row leaves the rows before it in place.
          await this.db.transaction((tx) => this.insert(tx, principal, kind, dto));
          result.accepted += 1;
          continue;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          errors.push({ field: err.field ?? '(row)', code: err.code, message: err.message });
        }
      }
      result.bad.push({ line, code, errors });
    }
    return result;
  }

  private async insert(tx: EntityManager, principal: Principal, kind: DirectoryKind, dto: CreateDto): Promise<Row> {
    this.assertInScope(principal, dto.branchCode, dto.channel);
    const columns = { ...(await this.columns(tx, kind, dto)), code: dto.code };
    let row: Row;
    try {
      // Read back, so the answer and the audited state are the stored row (unset fields null, defaults applied),
      // the same as a later GET shows and the same as the next update's "before".
      row = await insertDirectoryRow(tx, kind, columns);
    } catch (err) {
      if (err instanceof DirectoryCodeTaken)
        throw new DomainError(KINDS[kind].duplicate, `${kind} ${dto.code} already exists`, 'code');
      throw err;
    }
    await this.audit.record(tx, principal, {
      action: `${kind}.create`,
      entityType: kind,
      entityId: dto.code,
      after: this.view(row),
    });
    return row;
  }

  /** DTO fields to columns: the phone normalised, encrypted and indexed; an agency reference checked. */
  private async columns(tx: EntityManager, kind: DirectoryKind, dto: UpdateDto): Promise<Partial<Row>> {
    const { phone, idNumber: _idNumber, ...rest } = dto as UpdateSellerDto;
    const out: Partial<SellerEntity> = { ...rest };
    // Hashes under the index key the database names (it moves during a key rotation).
    const cipher = await this.cipher.forWrite(tx);
    if (dto.address !== undefined) {
      const normal = dto.address ? normaliseAddressForIndex(dto.address) : '';
      out.addressHash = normal ? cipher.blindIndex(normal) : null;
    }
    if (phone !== undefined) {
      if (phone === null || phone.trim() === '') {
        out.phoneEnc = null;
        out.phoneHash = null;
      } else {
        const normal = normalizePhone(phone);
        if (!normal.ok) throw new DomainError('FIELD_INVALID', `phone ${normal.message}`, 'phone');
        out.phoneEnc = cipher.encrypt(normal.e164);
        out.phoneHash = cipher.blindIndex(normal.e164);
      }
    }
    if (kind === 'seller') Object.assign(out, this.idColumns(dto as UpdateSellerDto, cipher));
    const agencyCode = (dto as UpdateSellerDto).agencyCode;
    if (kind === 'seller' && agencyCode) {
      if (!(await agencyExists(tx, agencyCode)))
        throw new DomainError('FIELD_INVALID', `agency ${agencyCode} does not exist`, 'agencyCode');
    }
    return out;
  }

  /**
   * A seller's identity document, checked as intake checks a party's (type known, number valid for it) and kept as
   * customers' are: encrypted, with the blind index of `type:number`. Both given or both cleared.
   */
  private idColumns(dto: UpdateSellerDto, cipher: FieldCipher = this.cipher): Partial<SellerEntity> {
    const type = dto.idType?.trim() || null;
    const number = dto.idNumber?.trim() || null;
    if (dto.idType === undefined && dto.idNumber === undefined) return {};
    if (type === null && number === null) return { idType: null, idNumberEnc: null, idNumberHash: null };
    if (type === null) throw new DomainError('FIELD_INVALID', 'idType is required with idNumber', 'idType');
    if (number === null) throw new DomainError('FIELD_INVALID', 'idNumber is required with idType', 'idNumber');
    const checked = checkIdDocument(type, number, branchToday());
    if (!checked.ok) {
      const field = checked.code === 'ID_TYPE_UNKNOWN' ? 'idType' : 'idNumber';
      throw new DomainError('FIELD_INVALID', `${field}: ${checked.message} (${checked.code})`, field);
    }
    return {
      idType: type,
      idNumberEnc: cipher.encrypt(checked.idNumber),
      idNumberHash: cipher.blindIndex(`${type}:${checked.idNumber}`),
    };
  }

  private async mustFind(
    db: EntityManager,
    principal: Principal,
    kind: DirectoryKind,
    code: string,
    lock: boolean,
  ): Promise<Row> {
    const row = await findDirectoryRow(db, kind, code, lock);
    if (!row || !scopeCovers(principal, row.branchCode, row.channel))
      throw new DomainError(KINDS[kind].notFound, `${kind} ${code} not found`);
    return row;
  }

  private assertInScope(principal: Principal, branchCode: string, channel: string): void {
    if (!scopeCovers(principal, branchCode, channel)) {
      throw new DomainError(
        'OUT_OF_SCOPE',
        `branch ${branchCode} / channel ${channel} is outside your scope`,
        'branchCode',
      );
    }
  }

  private view(row: Row): DirectoryView {
    const { phoneEnc, phoneHash: _hash, addressHash: _addressHash, id: _id, ...rest } = row;
    const view: DirectoryView = { ...rest, phone: phoneEnc ? this.cipher.decrypt(phoneEnc) : null };
    if ('idNumberEnc' in row) {
      const {
        idNumberEnc,
        idNumberHash: _idHash,
        ...seller
      } = view as DirectoryView & Pick<SellerEntity, 'idNumberEnc' | 'idNumberHash'>;
      return { ...seller, idNumber: maskMiddle(idNumberEnc ? this.cipher.decrypt(idNumberEnc) : null) };
    }
    return view;
  }
}

/** Empty cells mean "not given"; `active` is written true/false. */
function csvCells(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const cell = (v ?? '').trim();
    if (cell === '') continue;
    out[k] =
      k === 'active' ? (cell.toLowerCase() === 'true' ? true : cell.toLowerCase() === 'false' ? false : cell) : cell;
  }
  return out;
}
