export * from './payload-codec';
export * from './temporal-data-converter';
