/** The roles a token may carry; one list for the API's guards, the case workflow's actors and the tests. */
export const ROLES = [
  'intake',
  'back_office',
  'team_leader',
  'customer_service',
  'compliance',
  'channel_manager',
  'general_office',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];
