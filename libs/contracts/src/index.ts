export * from './import.contract';
export * from './task-queues';
