/** Roles that read complaints, campaigns and a seller's conduct (R6, R7). */
export const CONDUCT_READERS = [
  'customer_service',
  'compliance',
  'channel_manager',
  'general_office',
  'auditor',
] as const;

/** Roles that read penalties, proposals, agency incidents and referrals. */
export const SANCTION_READERS = ['compliance', 'channel_manager', 'general_office', 'auditor'] as const;
