export * from './beneficiaries';
export * from './inquiry-match';
export * from './inquiry-lockout';
export * from './inquiry-slice';
