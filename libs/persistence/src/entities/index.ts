export * from './agency.entity';
export * from './audit-entry.entity';
export * from './import-job.entity';
export * from './seller.entity';

import { AgencyEntity } from './agency.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { ImportJobEntity } from './import-job.entity';
import { SellerEntity } from './seller.entity';

export const ENTITIES = [AgencyEntity, AuditEntryEntity, ImportJobEntity, SellerEntity];
