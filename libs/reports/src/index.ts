export * from './report-labels';
export * from './report-sections';
export * from './report-xlsx';
export * from './report-pdf';
export * from './zip-timestamps';
