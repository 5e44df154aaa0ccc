import type { EntityManager } from 'typeorm';
import type { CaseInput, CasePolicy, FindingRule } from '../../../contracts/src/case.contract';

/**
 * The policies of a case, each with its own scope and cooling-off clock, most recently changed first (so the
 * first one is the policy that raised the finding). Numbers not on record are left out.
 */
export async function casePolicies(db: Pick<EntityManager, 'query'>, policyNumbers: string[]): Promise<CasePolicy[]> {
  const rows: Array<{
    policy_number: string;
    channel: string;
    branch_code: string;
    seller_code: string | null;
    agency_code: string | null;
    receipt: string | null;
    cooling_off_days: number;
  }> = await db.query(
    `SELECT policy_number, channel, branch_code, seller_code, agency_code, to_char(receipt_signed_date, 'YYYY-MM-DD') AS receipt,
            cooling_off_days
     FROM policies WHERE policy_number = ANY($1::text[]) ORDER BY updated_at DESC, policy_number`,
    [policyNumbers],
  );
  return rows.map((r) => ({
    policyNumber: r.policy_number,
    channel: r.channel,
    branchCode: r.branch_code,
    sellerCode: r.seller_code,
    agencyCode: r.agency_code,
    receiptSignedDate: r.receipt,
    coolingOffDays: r.cooling_off_days,
  }));
}

/** What a finding needs to open its case: every policy of the cluster, raised by the most recently changed one. */
export async function caseInputForFinding(
  db: Pick<EntityManager, 'query'>,
  finding: {
    findingKey: string;
    rule: FindingRule;
    sharedValueHash: string;
    customerIds: string[];
    policyNumbers: string[];
  },
): Promise<CaseInput> {
  const policies = await casePolicies(db, finding.policyNumbers);
  if (policies.length === 0) throw new Error(`finding ${finding.findingKey}: none of its policies is on record`);
  return {
    findingKey: finding.findingKey,
    rule: finding.rule,
    sharedValueHash: finding.sharedValueHash,
    customerIds: finding.customerIds,
    policies,
    raisedBy: policies[0].policyNumber,
  };
}
