import type { CampaignResult } from '../../../contracts/src/campaign.contract';
import { mailbox } from '../case/mailbox';
import type { Notice } from '../case/case-notifications';

/**
 * Who is told what by the conduct context: [recipient, message] pairs, each a role mailbox (`role@BRANCH/channel`)
 * as cases use, so `GET /api/me/notifications` and the webhook outbox carry them the same way.
 */

export interface ScopeCount {
  branchCode: string;
  channel: string;
  count: number;
}

export const conductNotices = {
  campaignStarted: (campaignId: string, subject: string, scope: ScopeCount[]): Notice[] =>
    scope.map((s) => [
      mailbox('customer_service', s.branchCode, s.channel),
      `re-check campaign ${campaignId} (${subject}): ${s.count} policies to re-check`,
    ]),
  reminder: (campaignId: string, dueAt: string, scope: ScopeCount[]): Notice[] =>
    scope.map((s) => [
      mailbox('customer_service', s.branchCode, s.channel),
      `re-check campaign ${campaignId}: ${s.count} re-checks are due ${dueAt}`,
    ]),
  escalated: (campaignId: string, dueAt: string, scope: ScopeCount[]): Notice[] =>
    scope.map((s) => [
      mailbox('compliance', s.branchCode, s.channel),
      `re-check campaign ${campaignId}: ${s.count} re-checks missed their deadline ${dueAt}`,
    ]),
  finished: (
    campaignId: string,
    subject: string,
    scope: { branchCode: string; channel: string },
    r: CampaignResult,
  ): Notice[] => {
    const message =
      `re-check campaign ${campaignId} (${subject}) finished: ${r.policies} policies, ${r.confirmed} confirmed, ` +
      `${r.corrected} corrected, ${r.falseData} with false data, ${r.casesOpened} cases opened`;
    return [
      [mailbox('compliance', scope.branchCode, scope.channel), message],
      [mailbox('channel_manager', scope.branchCode, scope.channel), message],
    ];
  },
  penaltyDecided: (
    penaltyId: string,
    subject: string,
    kind: string,
    period: string,
    scope: { branchCode: string; channel: string },
  ): Notice[] => [
    [
      mailbox('compliance', scope.branchCode, scope.channel),
      `penalty ${penaltyId}: ${kind} against ${subject}, counted in ${period}`,
    ],
  ],
};
