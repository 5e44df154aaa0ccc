import type { Role } from '../../../../libs/contracts/src/roles';

export { ROLES, type Role } from '../../../../libs/contracts/src/roles';

/** Who is calling, from a verified token: one role and the branches and channels they may see ('*' = all). */
export interface Principal {
  userId: string;
  role: Role;
  branches: string[];
  channels: string[];
}

export { scopeCovers } from '../../../../libs/domain/src/scope';
