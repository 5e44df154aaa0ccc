export * from './intake-processor';
export * from './custom-validators';
export * from './policy-application.dto';
export * from './validation-errors';
export * from './csv-columns';
export * from './csv-reader';
