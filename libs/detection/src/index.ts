export * from './finding-list-export';
