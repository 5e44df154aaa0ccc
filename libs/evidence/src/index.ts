export * from './evidence-store';
export * from './evidence-signer';
export * from './evidence-policy';
