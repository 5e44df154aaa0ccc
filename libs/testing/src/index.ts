export * from './application-factory';
export * from './servers';
