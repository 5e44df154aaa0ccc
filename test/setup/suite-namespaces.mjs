// Temporal namespaces the dev server creates at the start of a test run, one per suite that needs workflow ids of
// its own: the demo-seeding suites plant the same records, and some case workflow ids come from plain values (a
// THIRD_PARTY_PAYER finding is keyed by its policy number), so in one namespace the second suite's detection run
// would find every such case already started by the first.
export const SUITE_NAMESPACES = ['demo-seed', 'console-browser', 'console-conduct', 'console-reports'];
