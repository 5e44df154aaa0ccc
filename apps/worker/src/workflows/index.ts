export { importWorkflow } from './import.workflow';
export { caseWorkflow } from './case.workflow';
