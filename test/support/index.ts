export * from './application-factory';
export * from './servers';
export * from './case-fixtures';
