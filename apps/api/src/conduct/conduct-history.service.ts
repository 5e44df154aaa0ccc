import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SubjectKind } from '../../../../libs/contracts/src/campaign.contract';
import { listCampaigns } from '../../../../libs/persistence/src/conduct/campaigns';
import { listComplaints } from '../../../../libs/persistence/src/conduct/complaints';
import {
  casesOfSubject,
  listIncidents,
  listPenalties,
  listProposals,
  listReferrals,
} from '../../../../libs/persistence/src/conduct/penalties';
import { findSubject } from '../../../../libs/persistence/src/conduct/subjects';
import { scopeCovers, type Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { ComplaintsService } from './complaints.service';
import type { ConductHistoryDto } from './dto/conduct-responses.dto';

const MOST = 200;

/** A seller's or agency's conduct (R6, R7): complaints, the cases they sold or are named in, campaigns, penalties. */
@Injectable()
export class ConductHistoryService {
  constructor(
    private readonly db: DataSource,
    private readonly complaints: ComplaintsService,
  ) {}

  async history(principal: Principal, kind: SubjectKind, code: string): Promise<ConductHistoryDto> {
    const db = this.db.manager;
    const subject = await findSubject(db, kind, code);
    if (!subject || !scopeCovers(principal, subject.branchCode, subject.channel))
      throw new DomainError(kind === 'seller' ? 'SELLER_NOT_FOUND' : 'AGENCY_NOT_FOUND', `${kind} ${code} not found`);
    const bySubject = { subjectKind: kind, subjectCode: code };
    const [complaints, cases, campaigns, penalties, proposals, referrals, incidents] = await Promise.all([
      listComplaints(db, principal, bySubject, 1, MOST),
      casesOfSubject(db, principal, kind, code, MOST),
      listCampaigns(db, principal, bySubject, 1, MOST),
      listPenalties(db, principal, bySubject, 1, MOST),
      listProposals(db, principal, bySubject, 1, MOST),
      listReferrals(db, principal, bySubject, 1, MOST),
      kind === 'agency' ? listIncidents(db, principal, { agencyCode: code }, 1, MOST) : { items: [], total: 0 },
    ]);
    return {
      subject,
      complaints: await this.complaints.withAttachments(complaints.items),
      cases,
      campaigns: campaigns.items,
      penalties: penalties.items,
      proposals: proposals.items,
      referrals: referrals.items,
      incidents: incidents.items,
    };
  }
}
