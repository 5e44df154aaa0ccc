import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { loadEnv, VerityEnv } from '../../../libs/config/src';
import { FieldCipher } from '../../../libs/persistence/src/crypto/field-cipher';
import { dataSourceOptions } from '../../../libs/persistence/src/data-source';
import { temporalDataConverter } from '../../../libs/temporal/src';
import { CaseActivitiesImpl, outboxKick } from './activities/case.activities';
import { DetectionActivitiesImpl } from './activities/detection.activities';
import { ensureDetectionSchedule } from './detection-schedule';
import { ImportActivitiesImpl } from './activities/import.activities';

const logger = new Logger('Worker');

/** The prebuilt bundle (npm run build) when present, else the sources bundled at start (tests, development). */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = path.resolve(__dirname, 'workflow-bundle.js');
  return existsSync(bundle) ? { workflowBundle: { codePath: bundle } } : { workflowsPath: require.resolve('./workflows') };
}

/** Every activity the worker runs, bound to one database pool and one Temporal client (to open cases). */
export async function createActivities(env: VerityEnv) {
  const db = new DataSource(dataSourceOptions(env.DATABASE_URL, 10));
  await db.initialize();
  const temporalConnection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection: temporalConnection, namespace: env.TEMPORAL_NAMESPACE, dataConverter: temporalDataConverter(env) });
  const cipher = new FieldCipher(env.VERITY_DATA_KEY);
  const detection = new DetectionActivitiesImpl(db, cipher, temporal, env.TEMPORAL_TASK_QUEUE, { samePolicyPhone: env.DETECTION_SAME_POLICY_PHONE === 'true' });
  const imports = new ImportActivitiesImpl(db, cipher, env.DEFAULT_COOLING_OFF_DAYS);
  const cases = new CaseActivitiesImpl(db, cipher, { revisitMarginDays: env.CASE_REVISIT_MARGIN_DAYS, distributionWorkingDays: env.CASE_DISTRIBUTION_WORKING_DAYS, webhookUrl: env.NOTIFY_WEBHOOK_URL ?? null }, outboxKick(temporal, env.TEMPORAL_TASK_QUEUE));
  return {
    db,
    temporal,
    close: async () => {
      await temporalConnection.close();
      await db.destroy();
    },
    activities: {
      beginRun: detection.beginRun.bind(detection),
      detectRule: detection.detectRule.bind(detection),
      openCases: detection.openCases.bind(detection),
      finishRun: detection.finishRun.bind(detection),
      planImport: imports.planImport.bind(imports),
      processUploadBatch: imports.processUploadBatch.bind(imports),
      recheckStoredBatch: imports.recheckStoredBatch.bind(imports),
      finishImport: imports.finishImport.bind(imports),
      computeDeadlines: cases.computeDeadlines.bind(cases),
      recordCaseEvent: cases.recordCaseEvent.bind(cases),
      applyCorrections: cases.applyCorrections.bind(cases),
      pickComplianceSupervisor: cases.pickComplianceSupervisor.bind(cases),
      deliverPendingNotifications: cases.deliverPendingNotifications.bind(cases),
    },
  };
}

async function main(): Promise<void> {
  const env = loadEnv();
  Logger.overrideLogger(new ConsoleLogger({ json: true }));
  const sdkLevel = env.LOG_LEVEL === 'debug' ? 'DEBUG' : env.LOG_LEVEL === 'log' ? 'INFO' : env.LOG_LEVEL === 'warn' ? 'WARN' : 'ERROR';
  Runtime.install({ logger: new DefaultLogger(sdkLevel), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } } });
  const { temporal, close, activities } = await createActivities(env);
  const [hour, minute] = env.DETECTION_TIME.split(':').map(Number);
  await ensureDetectionSchedule(temporal, env.TEMPORAL_TASK_QUEUE, hour, minute);
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
