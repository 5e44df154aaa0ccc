// The bare reference of `bench:cases`: one Update handler that returns at once and a long timer, no codec,
// no activities, so its rates are what the Temporal server and SDK give before any Verity code runs.
// CommonJS so the SDK's bundler takes the file as it is, without a build step.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { condition, defineUpdate, proxySinks, setHandler } = require('@temporalio/workflow');

const step = defineUpdate('step');
// Sinks are not called on replay by default, so each run reports its first task exactly once.
const { bench } = proxySinks();

async function bareWorkflow() {
  bench.firstTask();
  let steps = 0;
  setHandler(step, () => {
    steps += 1;
    return steps;
  });
  await condition(() => false, '30 days');
}

module.exports = { bareWorkflow };
