import type { Request } from 'express';
import { DomainError } from '../common/domain-error';

/** Roles that may read sellers and agencies. */
export const DIRECTORY_READERS = [
  'channel_manager',
  'admin',
  'compliance',
  'customer_service',
  'team_leader',
  'auditor',
] as const;

/** A directory CSV import takes a text/csv body only. */
export function csvBody(req: Request): Request {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'text/csv')
    throw new DomainError('IMPORT_FORMAT_UNSUPPORTED', 'Content-Type must be text/csv', 'Content-Type');
  return req;
}
