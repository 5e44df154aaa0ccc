import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../../../libs/config/src';
import { temporalDataConverter } from '../../../libs/temporal/src';
import { createActivities } from './activities';
import { ensureAuditAnchorSchedule } from './audit-schedule';
import { ensureBackupSchedule, ensureRetentionSchedule } from './housekeeping-schedules';
import { ensureDetectionSchedule } from './detection-schedule';
import { ensureReportSchedule } from './report-schedule';

const logger = new Logger('Worker');

/** The prebuilt bundle (npm run build) when present, else the sources bundled at start (tests, development). */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = path.resolve(__dirname, 'workflow-bundle.js');
  return existsSync(bundle)
    ? { workflowBundle: { codePath: bundle } }
    : { workflowsPath: require.resolve('./workflows') };
}

async function main(): Promise<void> {
  const env = loadEnv();
  Logger.overrideLogger(new ConsoleLogger({ json: true }));
  const sdkLevel =
    env.LOG_LEVEL === 'debug'
      ? 'DEBUG'
      : env.LOG_LEVEL === 'log'
        ? 'INFO'
        : env.LOG_LEVEL === 'warn'
          ? 'WARN'
          : 'ERROR';
  Runtime.install({
    logger: new DefaultLogger(sdkLevel),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const { temporal, close, activities } = await createActivities(env);
  const [hour, minute] = env.DETECTION_TIME.split(':').map(Number);
  await ensureDetectionSchedule(temporal, env.TEMPORAL_TASK_QUEUE, hour, minute);
  const [reportHour, reportMinute] = env.REPORT_TIME.split(':').map(Number);
  await ensureReportSchedule(temporal, env.TEMPORAL_TASK_QUEUE, reportHour, reportMinute);
  const [anchorHour, anchorMinute] = env.AUDIT_ANCHOR_TIME.split(':').map(Number);
  await ensureAuditAnchorSchedule(temporal, env.TEMPORAL_TASK_QUEUE, anchorHour, anchorMinute);
  if (env.BACKUP_DIR) {
    const [backupHour, backupMinute] = env.BACKUP_TIME.split(':').map(Number);
    await ensureBackupSchedule(temporal, env.TEMPORAL_TASK_QUEUE, backupHour, backupMinute);
  }
  const [retentionHour, retentionMinute] = env.RETENTION_TIME.split(':').map(Number);
  await ensureRetentionSchedule(temporal, env.TEMPORAL_TASK_QUEUE, retentionHour, retentionMinute);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities,
    dataConverter: temporalDataConverter(env),
    maxConcurrentActivityTaskExecutions: 8,
    ...workflowSource(),
  });
  logger.log(`polling ${env.TEMPORAL_TASK_QUEUE} on ${env.TEMPORAL_ADDRESS}`);
  await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks are done
  await connection.close();
  await close();
  logger.log('stopped');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    logger.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  });
}
