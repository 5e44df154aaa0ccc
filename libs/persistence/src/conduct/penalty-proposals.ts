import { randomUUID } from 'node:crypto';
import type { SubjectKind } from '../../../contracts/src/campaign.contract';
import type { CaseView } from '../../../contracts/src/case.contract';
import { subjectTable, type Queryable } from './subjects';

/**
 * The proposal a case closed FALSE_INFO_CONFIRMED makes, for the channel management of the seller it names (else the
 * agency): in the subject's branch and channel as the directory has them, the case's when the code is not there.
 * Written in the transaction that records the close; once per case.
 */
export async function insertPenaltyProposalForCase(tx: Queryable, view: CaseView, at: string): Promise<void> {
  const seller = view.submission?.responsibleSellerCode?.trim();
  const agency = view.submission?.responsibleAgencyCode?.trim();
  const subject: [SubjectKind, string] | null = seller ? ['seller', seller] : agency ? ['agency', agency] : null;
  if (!subject) return;
  const table = subjectTable(subject[0]);
  await tx.query(
    `INSERT INTO penalty_proposals (id, case_id, subject_kind, subject_code, channel, branch_code, created_at)
     VALUES ($1, $2, $3, $4, COALESCE((SELECT channel FROM ${table} WHERE code = $4), $5),
             COALESCE((SELECT branch_code FROM ${table} WHERE code = $4), $6), $7)
     ON CONFLICT (case_id) DO NOTHING`,
    [randomUUID(), view.caseId, subject[0], subject[1], view.channel, view.branchCode, at],
  );
}
