export * from './intake-processor';
export * from './is-calendar-date';
export * from './policy-application.dto';
export * from './validation-errors';
export * from './csv-columns';
