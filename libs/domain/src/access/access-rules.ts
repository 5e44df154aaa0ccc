import type { Role } from '../../../contracts/src/roles';

/**
 * Files by permission (doc 4): a confidential (机密) record opens to a reader with an access request approved by
 * customer service; a top-secret (绝密) one needs compliance's approval too. Nobody approves their own request, and
 * one person does not give both approvals. An approved request opens the record to its requester for `days` days.
 */

export const CONFIDENTIALITY_LEVELS = ['normal', 'confidential', 'top_secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY_LEVELS)[number];
export const ACCESS_OBJECT_KINDS = ['policy', 'evidence'] as const;
export type AccessObjectKind = (typeof ACCESS_OBJECT_KINDS)[number];
export const ACCESS_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

export const DEFAULT_ACCESS_DAYS = 7;
export const MAX_ACCESS_DAYS = 30;
export const ACCESS_APPROVER_ROLES: readonly Role[] = ['customer_service', 'compliance'];

const RANK: Record<Confidentiality, number> = { normal: 0, confidential: 1, top_secret: 2 };

/** Whether a request made for `granted` still opens a record now at `current` (a raised level needs a new one). */
export function grantCovers(granted: Confidentiality, current: Confidentiality): boolean {
  return RANK[granted] >= RANK[current];
}

export interface PendingRequest {
  level: Exclude<Confidentiality, 'normal'>;
  requestedBy: string;
  serviceApprovedBy: string | null;
  complianceApprovedBy: string | null;
}

/** Why `approver` (with `role`) may not approve the request now, or null; which approval it gives otherwise. */
export function approvalRefusal(
  request: PendingRequest,
  approver: string,
  role: Role,
): { refusal: string } | { gives: 'service' | 'compliance'; complete: boolean } {
  if (approver === request.requestedBy) return { refusal: 'nobody approves their own access request' };
  if (approver === request.serviceApprovedBy || approver === request.complianceApprovedBy)
    return { refusal: 'one person gives one approval: another approver must give the other' };
  if (role === 'customer_service') {
    if (request.serviceApprovedBy) return { refusal: 'customer service has approved this request already' };
    return { gives: 'service', complete: request.level === 'confidential' || request.complianceApprovedBy !== null };
  }
  if (role === 'compliance') {
    if (request.level !== 'top_secret') return { refusal: 'a confidential record is approved by customer service' };
    if (request.complianceApprovedBy) return { refusal: 'compliance has approved this request already' };
    return { gives: 'compliance', complete: request.serviceApprovedBy !== null };
  }
  return { refusal: 'access requests are approved by customer service, top-secret ones by compliance too' };
}

/** The period an approved request opens: from the last approval for `days` days. */
export function accessPeriod(approvedAt: Date, days: number): { validFrom: Date; validUntil: Date } {
  if (!Number.isInteger(days) || days < 1 || days > MAX_ACCESS_DAYS)
    throw new RangeError(`days must be a whole number from 1 to ${MAX_ACCESS_DAYS}`);
  return { validFrom: approvedAt, validUntil: new Date(approvedAt.getTime() + days * 86_400_000) };
}
