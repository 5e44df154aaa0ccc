export interface PollOptions {
  /** Default 60 s. */
  timeoutMs?: number;
  /** Default 250 ms. */
  intervalMs?: number;
  /** Names what was awaited in the timeout error. */
  what?: string;
}

export declare function pollUntil<T>(
  fn: () => Promise<T> | T,
  done: (value: T) => boolean,
  options?: PollOptions | number,
): Promise<T>;
