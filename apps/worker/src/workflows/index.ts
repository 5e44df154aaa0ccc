export { importWorkflow } from './import.workflow';
