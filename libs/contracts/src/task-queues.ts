/** The task queue both the API (starting workflows) and the worker (polling) use unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'verity';
