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

/** Who is calling, from a verified token: one role and the branches and channels they may see ('*' = all). */
export interface Principal {
  userId: string;
  role: Role;
  branches: string[];
  channels: string[];
}

export { isInScope } from '../../../../libs/domain/src/scope';
