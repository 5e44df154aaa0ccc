import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import { recheckCampaignId, type SubjectKind } from '../../../../libs/contracts/src/campaign.contract';
import { branchToday } from '../../../../libs/domain/src/calendar/working-calendar';
import { checkComplaintVerifier, checkOneSubject } from '../../../../libs/domain/src/conduct/conduct-rules';
import { decideCampaigns, windowEndOf } from '../../../../libs/domain/src/conduct/recheck-trigger';
import {
  checkUpload,
  createEvidenceStore,
  DEFAULT_EVIDENCE_LIMITS,
  type EvidenceStore,
} from '../../../../libs/evidence/src';
import {
  assignComplaintsToCampaign,
  attachmentsOf,
  campaignsOfComplaints,
  countedComplaints,
  findAttachment,
  findComplaint,
  insertAttachment,
  insertComplaint,
  listComplaints,
  recordComplaintOutcome,
  type AttachmentRow,
  type ComplaintRow,
} from '../../../../libs/persistence/src/conduct/complaints';
import { findComplaintPolicy, findSubject, lockSubject } from '../../../../libs/persistence/src/conduct/subjects';
import { AuditService } from '../audit/audit.service';
import { scopeCovers, type Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import type { UploadedFile } from '../evidence/evidence.service';
import { CampaignWorkflowGateway } from '../temporal/campaign-workflow.gateway';
import type { ListComplaintsQuery, RegisterComplaintDto, VerifyComplaintDto } from './dto/conduct-requests.dto';
import type { AttachmentDto, ComplaintDto, ComplaintPageDto } from './dto/conduct-responses.dto';

/** The subject a body names: exactly one of seller and agency. */
export function subjectOf(dto: { sellerCode?: string; agencyCode?: string }): { kind: SubjectKind; code: string } {
  const refusal = checkOneSubject(dto.sellerCode, dto.agencyCode);
  if (refusal) throw new DomainError('FIELD_INVALID', refusal.message, refusal.field);
  return dto.sellerCode ? { kind: 'seller', code: dto.sellerCode } : { kind: 'agency', code: dto.agencyCode! };
}

function attachmentView(a: AttachmentRow): AttachmentDto {
  const { storageKey: _key, ...view } = a;
  return view;
}

/**
 * Complaints against a seller or an agency (R6, Art. 14): registered by customer service, with attachments as
 * evidence, verified by someone other than the registrant. A verified mis-selling complaint is counted: when the
 * subject's reach 2 inside one 365-day window a re-check campaign starts, and one inside a running campaign's window
 * joins it; the decision is taken under a lock on the subject, in the transaction that records the outcome.
 */
@Injectable()
export class ComplaintsService {
  private readonly store: EvidenceStore;
  private readonly maxBytes: number;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly campaigns: CampaignWorkflowGateway,
    private readonly env: VerityEnv,
  ) {
    this.store = createEvidenceStore(env);
    this.maxBytes = env.EVIDENCE_MAX_MB * 1024 * 1024;
  }

  async register(principal: Principal, dto: RegisterComplaintDto): Promise<ComplaintDto> {
    const subject = subjectOf(dto);
    const field = subject.kind === 'seller' ? 'sellerCode' : 'agencyCode';
    const policy = await findComplaintPolicy(this.db.manager, dto.policyNumber);
    if (!policy || !scopeCovers(principal, policy.branchCode, policy.channel))
      throw new DomainError('POLICY_NOT_FOUND', `policy ${dto.policyNumber} not found`, 'policyNumber');
    if (!(await findSubject(this.db.manager, subject.kind, subject.code)))
      throw new DomainError(
        subject.kind === 'seller' ? 'SELLER_NOT_FOUND' : 'AGENCY_NOT_FOUND',
        `${subject.kind} ${subject.code} not found`,
        field,
      );
    const soldBy = subject.kind === 'seller' ? policy.sellerCode : policy.agencyCode;
    if (soldBy !== subject.code)
      throw new DomainError(
        'FIELD_INVALID',
        `policy ${dto.policyNumber} was not sold by ${subject.kind} ${subject.code}`,
        field,
      );
    if (dto.receivedDate > branchToday())
      throw new DomainError('FIELD_INVALID', 'receivedDate may not be in the future', 'receivedDate');
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await insertComplaint(tx, {
        id,
        subjectKind: subject.kind,
        subjectCode: subject.code,
        policyNumber: policy.policyNumber,
        salesChannel: policy.channel,
        branchCode: policy.branchCode,
        kind: dto.kind,
        receivedDate: dto.receivedDate,
        channel: dto.channel,
        summary: dto.summary,
        registeredBy: principal.userId,
      });
      await this.audit.record(tx, principal, {
        action: 'complaint.register',
        entityType: 'complaint',
        entityId: id,
        detail: {
          subjectKind: subject.kind,
          subjectCode: subject.code,
          policyNumber: policy.policyNumber,
          kind: dto.kind,
        },
      });
    });
    return this.get(principal, id);
  }

  async list(principal: Principal, q: ListComplaintsQuery): Promise<ComplaintPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const { items, total } = await listComplaints(this.db.manager, principal, q, page, pageSize);
    return { items: await this.withAttachments(items), page, pageSize, total };
  }

  async get(principal: Principal, id: string): Promise<ComplaintDto> {
    const [view] = await this.withAttachments([await this.mustFind(this.db.manager, principal, id)]);
    return view;
  }

  async withAttachments(rows: ComplaintRow[]): Promise<ComplaintDto[]> {
    const attachments = await attachmentsOf(
      this.db.manager,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({
      ...r,
      attachments: attachments.filter((a) => a.complaintId === r.id).map(attachmentView),
    }));
  }

  /** A file for the complaint's evidence, stored by its SHA-256 as case evidence is; not after the outcome. */
  async attach(principal: Principal, id: string, file: UploadedFile | undefined): Promise<AttachmentDto> {
    const complaint = await this.mustFind(this.db.manager, principal, id);
    if (complaint.outcome !== null)
      throw new DomainError('COMPLAINT_CLOSED', `complaint ${id} is ${complaint.outcome}; its evidence is closed`);
    if (!file) throw new DomainError('EVIDENCE_EMPTY', 'a file is required (multipart field "file")', 'file');
    const check = checkUpload(
      { size: file.size, mediaType: file.mimetype, fileName: file.originalname, content: file.buffer },
      { ...DEFAULT_EVIDENCE_LIMITS, maxBytes: this.maxBytes },
    );
    if (!check.ok) throw new DomainError(check.code, check.message, check.field);
    const stored = await this.store.put(file.buffer);
    const row: Omit<AttachmentRow, 'uploadedAt'> = {
      id: randomUUID(),
      complaintId: id,
      fileName: file.originalname || null,
      contentType: file.mimetype,
      sizeBytes: stored.size,
      sha256: stored.sha256,
      storageKey: stored.key,
      uploadedBy: principal.userId,
    };
    await this.db.transaction(async (tx) => {
      await insertAttachment(tx, row);
      await this.audit.record(tx, principal, {
        action: 'complaint.attach',
        entityType: 'complaint',
        entityId: id,
        detail: { attachmentId: row.id, sha256: row.sha256, contentType: row.contentType },
      });
    });
    return attachmentView((await findAttachment(this.db.manager, id, row.id))!);
  }

  async download(
    principal: Principal,
    id: string,
    attachmentId: string,
  ): Promise<{ row: AttachmentRow; content: Buffer }> {
    await this.mustFind(this.db.manager, principal, id);
    const row = await findAttachment(this.db.manager, id, attachmentId);
    if (!row) throw new DomainError('ATTACHMENT_NOT_FOUND', `attachment ${attachmentId} not found on complaint ${id}`);
    const content = await this.store.get(row.storageKey);
    await this.audit.record(this.db.manager, principal, {
      action: 'complaint.attachment.read',
      entityType: 'complaint',
      entityId: id,
      detail: { attachmentId },
    });
    return { row, content };
  }

  /**
   * Records the outcome (four eyes: not by the registrant); a VERIFIED one needs its evidence attached. A verified
   * mis-selling complaint then counts toward the subject's re-check campaigns: started or joined here, in the same
   * transaction, so a campaign whose start fails leaves the complaint unverified and the caller may try again.
   */
  async verify(principal: Principal, id: string, dto: VerifyComplaintDto): Promise<ComplaintDto> {
    const complaint = await this.mustFind(this.db.manager, principal, id);
    const refusal = checkComplaintVerifier(complaint, principal.userId);
    if (refusal) throw new DomainError('COMPLAINT_VERIFY_REFUSED', refusal.message);
    if (dto.outcome === 'VERIFIED' && (await attachmentsOf(this.db.manager, [id])).length === 0)
      throw new DomainError(
        'COMPLAINT_VERIFY_REFUSED',
        'a VERIFIED outcome needs its evidence: attach it first (POST /api/complaints/{id}/attachments)',
      );
    await this.db.transaction(async (tx) => {
      await lockSubject(tx, complaint.subjectKind, complaint.subjectCode);
      if (!(await recordComplaintOutcome(tx, id, dto.outcome, dto.reason, principal.userId)))
        throw new DomainError('COMPLAINT_VERIFY_REFUSED', `the outcome of complaint ${id} was recorded meanwhile`);
      await this.audit.record(tx, principal, {
        action: 'complaint.verify',
        entityType: 'complaint',
        entityId: id,
        detail: { outcome: dto.outcome, reason: dto.reason },
      });
      if (dto.outcome === 'VERIFIED' && complaint.kind === 'mis_selling')
        await this.countTowardCampaigns(tx, principal, complaint);
    });
    return this.get(principal, id);
  }

  private async countTowardCampaigns(tx: EntityManager, principal: Principal, complaint: ComplaintRow): Promise<void> {
    const { subjectKind: kind, subjectCode: code } = complaint;
    const complaints = await countedComplaints(tx, kind, code);
    const windows = (await campaignsOfComplaints(tx, kind, code)).map((c) => ({
      campaignId: c.campaignId,
      windowStart: c.windowStart,
      windowEnd: windowEndOf(c.windowStart),
      running: c.status !== 'COMPLETED',
    }));
    for (const decision of decideCampaigns(complaints, windows)) {
      const campaignId =
        decision.kind === 'join' ? decision.campaignId : recheckCampaignId(kind, code, decision.firstComplaintId);
      await assignComplaintsToCampaign(tx, decision.complaintIds, campaignId);
      if (decision.kind === 'join') {
        await this.campaigns.join(campaignId, decision.complaintIds);
      } else {
        await this.campaigns.start({
          campaignId,
          subjectKind: kind,
          subjectCode: code,
          complaintIds: decision.complaintIds,
          windowStart: decision.windowStart,
          windowEnd: decision.windowEnd,
          workingDays: this.env.RECHECK_WORKING_DAYS,
        });
      }
      await this.audit.record(tx, principal, {
        action: decision.kind === 'join' ? 'campaign.join' : 'campaign.trigger',
        entityType: 'recheck_campaign',
        entityId: campaignId,
        detail: { complaintIds: decision.complaintIds, verifiedComplaint: complaint.id },
      });
    }
  }

  /** The complaint in the caller's scope (the policy's branch and channel), else 404. */
  async mustFind(db: EntityManager, principal: Principal, id: string): Promise<ComplaintRow> {
    const row = await findComplaint(db, id);
    if (!row || !scopeCovers(principal, row.branchCode, row.salesChannel))
      throw new DomainError('COMPLAINT_NOT_FOUND', `complaint ${id} not found`);
    return row;
  }
}
