import 'reflect-metadata';
import { loadEnv } from '../../../libs/config/src';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApp();
  await app.listen(loadEnv().PORT);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
