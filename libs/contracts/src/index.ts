export * from './import.contract';
export * from './task-queues';
export * from './case.contract';
export * from './case.definitions';
export * from './detection.contract';
export * from './roles';
