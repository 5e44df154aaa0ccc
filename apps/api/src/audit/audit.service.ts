import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { appendAudit, type AuditActor, type AuditInput } from '../../../../libs/persistence/src/audit/audit-log';

export { canonicalJson, hashOf, type AuditInput } from '../../../../libs/persistence/src/audit/audit-log';

/** The API's handle on the audit log (injectable); the writing is libs/persistence's appendAudit, as in the worker. */
@Injectable()
export class AuditService {
  async record(db: EntityManager, actor: AuditActor, input: AuditInput): Promise<void> {
    await appendAudit(db, actor, input);
  }
}
