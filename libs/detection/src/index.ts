export * from './finding-list-export';
export * from './cluster-queries';
export * from './run-view';
