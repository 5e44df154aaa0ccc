import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import type { CaseView, EvidenceRef, EvidenceType } from '../../../../libs/contracts/src/case.contract';
import {
  checkUpload,
  createEvidenceStore,
  DEFAULT_EVIDENCE_LIMITS,
  EvidenceIntegrityError,
  EvidenceNotFoundError,
  EvidenceSigner,
  EvidenceStore,
} from '../../../../libs/evidence/src';
import {
  deleteEvidence,
  EvidenceRow,
  findEvidenceOnCase,
  insertEvidence,
} from '../../../../libs/persistence/src/evidence/evidence-repository';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { maskCaseView } from '../cases/case-masking';
import { actorOf, CasesService } from '../cases/cases.service';
import { DomainError } from '../common/domain-error';
import { CaseWorkflowGateway } from '../temporal/case-workflow.gateway';

export interface UploadedFile {
  buffer: Buffer;
  size: number;
  mimetype: string;
  originalname: string;
}

export interface EvidenceVerification {
  evidenceId: string;
  sha256: string;
  fileIntact: boolean;
  signed: boolean;
  signatureValid: boolean | null;
  signedBy: string | null;
  signedAt: string | null;
  keyId: string | null;
}

/**
 * Evidence files: checked, stored content-addressed (never overwritten or deleted), investigation reports signed
 * with the deployment's key, then attached to the case through the workflow, whose validator has the last word.
 */
@Injectable()
export class EvidenceService {
  private readonly store: EvidenceStore;
  private readonly signer: EvidenceSigner;
  private readonly maxBytes: number;

  constructor(
    private readonly db: DataSource,
    private readonly cases: CasesService,
    private readonly workflows: CaseWorkflowGateway,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    env: VerityEnv,
  ) {
    this.store = createEvidenceStore(env);
    this.signer = new EvidenceSigner(env.EVIDENCE_SIGNING_KEY!);
    this.maxBytes = env.EVIDENCE_MAX_MB * 1024 * 1024;
  }

  async upload(
    principal: Principal,
    caseId: string,
    type: EvidenceType,
    file: UploadedFile | undefined,
    supersedes?: string,
  ): Promise<CaseView> {
    await this.cases.mustFind(principal, caseId);
    if (!file) throw new DomainError('EVIDENCE_EMPTY', 'a file is required (multipart field "file")', 'file');
    const check = checkUpload(
      { size: file.size, mediaType: file.mimetype, fileName: file.originalname, content: file.buffer },
      { ...DEFAULT_EVIDENCE_LIMITS, maxBytes: this.maxBytes },
    );
    if (!check.ok) throw new DomainError(check.code, check.message, check.field);
    const stored = await this.store.put(file.buffer);
    const id = randomUUID();
    const signedAt = new Date().toISOString();
    // The investigator's report is signed by the server key on the uploader's behalf: (case, file hash, signer, time).
    const signature =
      type === 'investigation_report'
        ? this.signer.sign({
            caseId,
            sha256: stored.sha256,
            signerId: principal.userId,
            signedAt,
            keyId: this.signer.keyId(),
          })
        : null;
    await insertEvidence(this.db.manager, {
      id,
      case_id: caseId,
      type,
      sha256: stored.sha256,
      size: stored.size,
      media_type: file.mimetype,
      file_name: file.originalname,
      storage_key: stored.key,
      uploaded_by: principal.userId,
      signed_by: signature ? principal.userId : null,
      signed_at: signature ? signedAt : null,
      signature,
      key_id: signature ? this.signer.keyId() : null,
      supersedes: supersedes ?? null,
    });
    const evidence: EvidenceRef = {
      evidenceId: id,
      type,
      sha256: stored.sha256,
      uploadedBy: principal.userId,
      signedBy: signature ? principal.userId : null,
      at: signedAt,
    };
    try {
      const view = await this.workflows.step(caseId, 'attachEvidence', { actor: actorOf(principal), evidence });
      await this.audit.record(this.db.manager, principal, {
        action: 'evidence.add',
        entityType: 'case',
        entityId: caseId,
        detail: { evidenceId: id, type, sha256: stored.sha256 },
      });
      return maskCaseView(view, principal.role);
    } catch (err) {
      // Refused by the workflow: the row never became evidence of the case. The file stays (content-addressed, harmless).
      await deleteEvidence(this.db.manager, id);
      throw err;
    }
  }

  async download(
    principal: Principal,
    caseId: string,
    evidenceId: string,
  ): Promise<{ row: EvidenceRow; content: Buffer }> {
    const row = await this.row(principal, caseId, evidenceId);
    await this.access.assertMayRead(this.db.manager, principal, 'evidence', evidenceId);
    const content = await this.store.get(row.storage_key);
    await this.audit.record(this.db.manager, principal, {
      action: 'evidence.read',
      entityType: 'case',
      entityId: caseId,
      detail: { evidenceId },
    });
    return { row, content };
  }

  /** Proves the stored file still has its recorded hash and, for a report, that the signature over it holds. */
  async verify(principal: Principal, caseId: string, evidenceId: string): Promise<EvidenceVerification> {
    const row = await this.row(principal, caseId, evidenceId);
    let fileIntact = true;
    try {
      await this.store.get(row.storage_key);
    } catch (err) {
      if (!(err instanceof EvidenceIntegrityError) && !(err instanceof EvidenceNotFoundError)) throw err;
      fileIntact = false;
    }
    const signed = row.signature !== null;
    const signatureValid = signed
      ? row.key_id === this.signer.keyId() &&
        this.signer.verify(
          {
            caseId,
            sha256: row.sha256,
            signerId: row.signed_by!,
            signedAt: row.signed_at!.toISOString(),
            keyId: row.key_id!,
          },
          row.signature!,
        )
      : null;
    return {
      evidenceId,
      sha256: row.sha256,
      fileIntact,
      signed,
      signatureValid,
      signedBy: row.signed_by,
      signedAt: row.signed_at?.toISOString() ?? null,
      keyId: row.key_id,
    };
  }

  private async row(principal: Principal, caseId: string, evidenceId: string): Promise<EvidenceRow> {
    await this.cases.mustFind(principal, caseId);
    const row = await findEvidenceOnCase(this.db.manager, caseId, evidenceId);
    if (!row) throw new DomainError('EVIDENCE_NOT_FOUND', `evidence ${evidenceId} not found on case ${caseId}`);
    return row;
  }
}
