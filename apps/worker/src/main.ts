import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadEnv } from '../../../libs/config/src';
import { FieldCipher } from '../../../libs/persistence/src/crypto/field-cipher';
import { dataSourceOptions } from '../../../libs/persistence/src/data-source';
import { ImportActivitiesImpl } from './activities/import.activities';

const logger = new Logger('Worker');

/** The prebuilt bundle (npm run build) when present, else the sources bundled at start (tests, development). */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = path.resolve(__dirname, 'workflow-bundle.js');
  return existsSync(bundle) ? { workflowBundle: { codePath: bundle } } : { workflowsPath: require.resolve('./workflows') };
}

export async function createActivities(databaseUrl: string, dataKey: string, coolingOffDays: number) {
  const db = new DataSource(dataSourceOptions(databaseUrl, 10));
  await db.initialize();
  const imports = new ImportActivitiesImpl(db, new FieldCipher(dataKey), coolingOffDays);
  return {
    db,
    activities: {
      planImport: imports.planImport.bind(imports),
      processUploadBatch: imports.processUploadBatch.bind(imports),
      recheckStoredBatch: imports.recheckStoredBatch.bind(imports),
      finishImport: imports.finishImport.bind(imports),
    },
  };
}

async function main(): Promise<void> {
  const env = loadEnv();
  Logger.overrideLogger(new ConsoleLogger({ json: true }));
  const sdkLevel = env.LOG_LEVEL === 'debug' ? 'DEBUG' : env.LOG_LEVEL === 'log' ? 'INFO' : env.LOG_LEVEL === 'warn' ? 'WARN' : 'ERROR';
  Runtime.install({ logger: new DefaultLogger(sdkLevel), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } } });
  const { db, activities } = await createActivities(env.DATABASE_URL, env.VERITY_DATA_KEY, env.DEFAULT_COOLING_OFF_DAYS);
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities,
    maxConcurrentActivityTaskExecutions: 8,
    ...workflowSource(),
  });
  logger.log(`polling ${env.TEMPORAL_TASK_QUEUE} on ${env.TEMPORAL_ADDRESS}`);
  await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks are done
  await connection.close();
  await db.destroy();
  logger.log('stopped');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    logger.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  });
}
