export * from './backup-file';
export * from './backup';
