export { importWorkflow } from './import.workflow';
export { caseWorkflow } from './case.workflow';
export { detectionWorkflow } from './detection.workflow';
export { notificationOutboxWorkflow } from './notification-outbox.workflow';
export { quarterlyReportScheduleWorkflow, quarterlyReportWorkflow } from './quarterly-report.workflow';
export { recheckCampaignWorkflow } from './recheck-campaign.workflow';
export { loanWorkflow } from './loan.workflow';
export { auditAnchorWorkflow } from './audit-anchor.workflow';
export { backupWorkflow } from './backup.workflow';
