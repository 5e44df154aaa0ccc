import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { VerityEnv } from '../../../../libs/config/src';
import type { SubjectKind } from '../../../../libs/contracts/src/campaign.contract';
import { conductNotices } from '../../../../libs/domain/src/conduct/conduct-notices';
import { checkPenaltyAmount, isAssessmentPeriod } from '../../../../libs/domain/src/conduct/conduct-rules';
import { CaseReadModel } from '../../../../libs/persistence/src/cases/case-read-model';
import { findCampaign } from '../../../../libs/persistence/src/conduct/campaigns';
import {
  closeProposal,
  decideReferral,
  findPenalty,
  findReferral,
  insertIncident,
  insertPenalty,
  insertReferral,
  listIncidents,
  listPenalties,
  listProposals,
  listReferrals,
  lockProposal,
  readableCaseIds,
} from '../../../../libs/persistence/src/conduct/penalties';
import { findSubject, type SubjectRow } from '../../../../libs/persistence/src/conduct/subjects';
import { AuditService } from '../audit/audit.service';
import { scopeCovers, type Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { CampaignWorkflowGateway } from '../temporal/campaign-workflow.gateway';
import { subjectOf } from './complaints.service';
import type {
  DecidePenaltyDto,
  ListIncidentsQuery,
  ListPenaltiesQuery,
  ListProposalsQuery,
  ListReferralsQuery,
  RecordIncidentDto,
  ReferDto,
  ReferralDecisionDto,
} from './dto/conduct-requests.dto';
import type {
  AgencyIncidentDto,
  AgencyIncidentPageDto,
  PenaltyDto,
  PenaltyPageDto,
  PenaltyProposalPageDto,
  ReferralDto,
  ReferralPageDto,
} from './dto/conduct-responses.dto';

const pageOf = (q: { page?: number; pageSize?: number }) => ({ page: q.page ?? 1, pageSize: q.pageSize ?? 50 });

/**
 * R7: channel management's penalties (deciding the proposals cases closed FALSE_INFO_CONFIRMED make), agency
 * incidents, and compliance's referrals to the compliance committee. Each write is one transaction with its audit
 * row; a penalty's notice to compliance is written with it.
 */
@Injectable()
export class PenaltiesService {
  private readonly logger = new Logger(PenaltiesService.name);

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly readModel: CaseReadModel,
    private readonly gateway: CampaignWorkflowGateway,
    private readonly env: VerityEnv,
  ) {}

  /** The seller or agency a body names, in the directory and in the caller's scope, else 404 naming the field. */
  async subjectInScope(principal: Principal, kind: SubjectKind, code: string, field: string): Promise<SubjectRow> {
    const subject = await findSubject(this.db.manager, kind, code);
    if (!subject || !scopeCovers(principal, subject.branchCode, subject.channel))
      throw new DomainError(
        kind === 'seller' ? 'SELLER_NOT_FOUND' : 'AGENCY_NOT_FOUND',
        `${kind} ${code} not found`,
        field,
      );
    return subject;
  }

  /** Each case id must be a case the caller may read; the first that is not is a 404 naming it. */
  private async checkCases(principal: Principal, caseIds: string[]): Promise<void> {
    const readable = await readableCaseIds(this.db.manager, principal, caseIds);
    const missing = caseIds.findIndex((id) => !readable.has(id));
    if (missing >= 0)
      throw new DomainError('CASE_NOT_FOUND', `case ${caseIds[missing]} not found`, `caseIds[${missing}]`);
  }

  // ---- penalties ----

  async decide(principal: Principal, dto: DecidePenaltyDto): Promise<PenaltyDto> {
    const { kind, code } = subjectOf(dto);
    const field = kind === 'seller' ? 'sellerCode' : 'agencyCode';
    const subject = await this.subjectInScope(principal, kind, code, field);
    const amountRefusal = checkPenaltyAmount(dto.kind, dto.amount);
    if (amountRefusal) throw new DomainError('FIELD_INVALID', amountRefusal.message, amountRefusal.field);
    if (!isAssessmentPeriod(dto.assessmentPeriod))
      throw new DomainError('FIELD_INVALID', 'assessmentPeriod must be a year from 2000 to 2100', 'assessmentPeriod');
    const caseIds = [...(dto.caseIds ?? [])];
    if (caseIds.length === 0 && !dto.campaignId && !dto.proposalId)
      throw new DomainError(
        'FIELD_INVALID',
        'a penalty is linked to what is behind it: caseIds, campaignId or proposalId',
        'caseIds',
      );
    await this.checkCases(principal, caseIds);
    if (dto.campaignId) {
      const campaign = await findCampaign(this.db.manager, dto.campaignId);
      if (!campaign || !scopeCovers(principal, campaign.branchCode, campaign.channel))
        throw new DomainError('CAMPAIGN_NOT_FOUND', `campaign ${dto.campaignId} not found`, 'campaignId');
      if (campaign.subjectKind !== kind || campaign.subjectCode !== code)
        throw new DomainError('FIELD_INVALID', `campaign ${dto.campaignId} is not about ${kind} ${code}`, 'campaignId');
    }
    const penaltyId = randomUUID();
    const penalty = await this.db.transaction(async (tx) => {
      if (dto.proposalId) {
        const proposal = await lockProposal(tx, dto.proposalId);
        if (!proposal || !scopeCovers(principal, proposal.branchCode, proposal.channel))
          throw new DomainError('PENALTY_PROPOSAL_NOT_FOUND', `proposal ${dto.proposalId} not found`, 'proposalId');
        if (proposal.penaltyId)
          throw new DomainError(
            'PENALTY_PROPOSAL_CLOSED',
            `proposal ${dto.proposalId} was decided by penalty ${proposal.penaltyId}`,
          );
        if (proposal.subjectKind !== kind || proposal.subjectCode !== code)
          throw new DomainError(
            'FIELD_INVALID',
            `proposal ${dto.proposalId} is about ${proposal.subjectKind} ${proposal.subjectCode}`,
            'proposalId',
          );
        if (!caseIds.includes(proposal.caseId)) caseIds.push(proposal.caseId);
      }
      await insertPenalty(tx, {
        penaltyId,
        subjectKind: kind,
        subjectCode: code,
        channel: subject.channel,
        branchCode: subject.branchCode,
        kind: dto.kind,
        amount: dto.amount ?? null,
        assessmentPeriod: dto.assessmentPeriod,
        reason: dto.reason,
        caseIds,
        campaignId: dto.campaignId ?? null,
        decidedBy: principal.userId,
      });
      if (dto.proposalId) await closeProposal(tx, dto.proposalId, penaltyId);
      await this.audit.record(tx, principal, {
        action: 'penalty.decide',
        entityType: 'penalty',
        entityId: penaltyId,
        detail: {
          subjectKind: kind,
          subjectCode: code,
          kind: dto.kind,
          amount: dto.amount ?? null,
          assessmentPeriod: dto.assessmentPeriod,
          caseIds,
          campaignId: dto.campaignId ?? null,
          proposalId: dto.proposalId ?? null,
        },
      });
      await this.notify(tx, penaltyId, kind, code, dto.kind, dto.assessmentPeriod, subject);
      return (await findPenalty(tx, penaltyId))!;
    });
    await this.kickOutbox();
    return penalty;
  }

  /** Compliance hears of every penalty (R7: "reported to compliance"), in the subject's scope. */
  private async notify(
    tx: EntityManager,
    penaltyId: string,
    kind: SubjectKind,
    code: string,
    penaltyKind: string,
    period: string,
    scope: SubjectRow,
  ): Promise<void> {
    const notices = conductNotices.penaltyDecided(penaltyId, `${kind} ${code}`, penaltyKind, period, scope);
    await this.readModel.recordNotices(
      `penalty-${penaltyId}`,
      1,
      notices.map(([recipient, message]) => ({ recipient, kind: 'PENALTY_DECIDED', message })),
      this.env.NOTIFY_WEBHOOK_URL ?? null,
      tx,
    );
  }

  /** The penalty is recorded whatever happens here: a missed wake-up is made good by the next event's. */
  private async kickOutbox(): Promise<void> {
    if (!this.env.NOTIFY_WEBHOOK_URL) return;
    try {
      await this.gateway.kickOutbox();
    } catch (err) {
      this.logger.warn(`could not wake the notification outbox: ${(err as Error).message}`);
    }
  }

  async penalties(principal: Principal, q: ListPenaltiesQuery): Promise<PenaltyPageDto> {
    const { page, pageSize } = pageOf(q);
    return { ...(await listPenalties(this.db.manager, principal, q, page, pageSize)), page, pageSize };
  }

  async proposals(principal: Principal, q: ListProposalsQuery): Promise<PenaltyProposalPageDto> {
    const { page, pageSize } = pageOf(q);
    return { ...(await listProposals(this.db.manager, principal, q, page, pageSize)), page, pageSize };
  }

  // ---- agency incidents ----

  async recordIncident(principal: Principal, dto: RecordIncidentDto): Promise<AgencyIncidentDto> {
    const agency = await this.subjectInScope(principal, 'agency', dto.agencyCode, 'agencyCode');
    await this.checkCases(principal, dto.caseIds);
    return this.db.transaction(async (tx) => {
      const incident = await insertIncident(tx, {
        incidentId: randomUUID(),
        agencyCode: agency.code,
        channel: agency.channel,
        branchCode: agency.branchCode,
        kind: dto.kind,
        description: dto.description,
        caseIds: dto.caseIds,
        recordedBy: principal.userId,
      });
      await this.audit.record(tx, principal, {
        action: 'agency_incident.record',
        entityType: 'agency_incident',
        entityId: incident.incidentId,
        detail: { agencyCode: agency.code, kind: dto.kind, caseIds: dto.caseIds },
      });
      return incident;
    });
  }

  async incidents(principal: Principal, q: ListIncidentsQuery): Promise<AgencyIncidentPageDto> {
    const { page, pageSize } = pageOf(q);
    return { ...(await listIncidents(this.db.manager, principal, q, page, pageSize)), page, pageSize };
  }

  // ---- referrals ----

  async refer(principal: Principal, dto: ReferDto): Promise<ReferralDto> {
    const { kind, code } = subjectOf(dto);
    const subject = await this.subjectInScope(principal, kind, code, kind === 'seller' ? 'sellerCode' : 'agencyCode');
    const caseIds = dto.caseIds ?? [];
    await this.checkCases(principal, caseIds);
    return this.db.transaction(async (tx) => {
      const referral = await insertReferral(tx, {
        referralId: randomUUID(),
        subjectKind: kind,
        subjectCode: code,
        channel: subject.channel,
        branchCode: subject.branchCode,
        opinion: dto.opinion,
        caseIds,
        referredBy: principal.userId,
      });
      await this.audit.record(tx, principal, {
        action: 'referral.refer',
        entityType: 'referral',
        entityId: referral.referralId,
        detail: { subjectKind: kind, subjectCode: code, caseIds },
      });
      return referral;
    });
  }

  /** Compliance records what the committee decided, once. */
  async decideReferral(principal: Principal, id: string, dto: ReferralDecisionDto): Promise<ReferralDto> {
    return this.db.transaction(async (tx) => {
      const referral = await findReferral(tx, id, true);
      if (!referral || !scopeCovers(principal, referral.branchCode, referral.channel))
        throw new DomainError('REFERRAL_NOT_FOUND', `referral ${id} not found`);
      if (!(await decideReferral(tx, id, dto.decision, principal.userId)))
        throw new DomainError('REFERRAL_DECIDED', `referral ${id} was decided already`);
      await this.audit.record(tx, principal, {
        action: 'referral.decide',
        entityType: 'referral',
        entityId: id,
        detail: { decision: dto.decision },
      });
      return (await findReferral(tx, id))!;
    });
  }

  async referrals(principal: Principal, q: ListReferralsQuery): Promise<ReferralPageDto> {
    const { page, pageSize } = pageOf(q);
    return { ...(await listReferrals(this.db.manager, principal, q, page, pageSize)), page, pageSize };
  }
}
