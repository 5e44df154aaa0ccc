export * from './env';
export * from './duration';
