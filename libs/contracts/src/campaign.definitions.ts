import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CampaignState, CompleteRecheckStep, RecheckTaskView } from './campaign.contract';

/** Update, signal and query handles of the re-check campaign workflow; the API and the workflow use the same objects. */
export const campaignUpdates = {
  completeTask: defineUpdate<RecheckTaskView, [CompleteRecheckStep]>('completeRecheckTask'),
};

export const campaignSignals = {
  /** Verified mis-selling complaints inside the campaign's window: recorded with it, not a campaign of their own. */
  complaintsAdded: defineSignal<[{ complaintIds: string[] }]>('complaintsAdded'),
};

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
