export * from './import.contract';
export * from './case.contract';
export * from './case.definitions';
export * from './case.outbox';
export * from './detection.contract';
export * from './failures';

export * from './roles';
export * from './report.contract';
export * from './campaign.contract';
export * from './campaign.definitions';
export * from './loan.contract';
export * from './audit.contract';
export * from './backup.contract';
export * from './retention.contract';
