import { Alert, Button, Empty, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when deps change; the latest call wins, so a slow earlier answer never overwrites a newer one. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: unknown) => mine === seq.current && setState({ error, loading: false }),
    );
    // `load` is a fresh closure each render; the caller's deps (and reload's tick) say when to load again.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** An API error in words: its message, and each field it names. */
export function ApiErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const e = error instanceof ApiError ? error : null;
  const message = e
    ? e.status === 0
      ? t('common.networkError', { message: e.message })
      : e.status === 403
        ? `${t('common.forbidden')}（${e.message}）`
        : e.message
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={`${t('common.error')}${e && e.status ? ` · ${e.status} ${e.code}` : ''}`}
      description={
        <div>
          <div>{message}</div>
          {e && e.errors.length > 0 && (
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {e.errors.map((f, i) => (
                <li key={i}>
                  <code>{f.field}</code>: {f.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}

/** Loading, error and empty states around a piece of data. */
export function AsyncView<T>({
  state,
  empty,
  children,
}: {
  state: Async<T>;
  empty?: (d: T) => boolean;
  children: (d: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (state.error) return <ApiErrorAlert error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }} aria-busy="true">
        <Spin description={t('common.loading')} />
      </div>
    );
  }
  if (empty?.(state.data)) return <Empty description={t('common.empty')} />;
  return <>{children(state.data)}</>;
}
