// Bundles the workflow code at build time, so a workflow importing something it must not (I/O, Node built-ins)
// fails the build rather than the worker at start-up.
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib/services.mjs';

const out = path.join(ROOT, 'dist/apps/worker/src/workflow-bundle.js');
const { code } = await bundleWorkflowCode({
  workflowsPath: path.join(ROOT, 'dist/apps/worker/src/workflows/index.js'),
  logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
});
writeFileSync(out, code);
console.log(`workflow bundle: ${path.relative(ROOT, out)} (${(code.length / 1024).toFixed(0)} KiB)`);
