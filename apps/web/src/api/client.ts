import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { clearSession, getToken } from '../session';

/** The API's one error shape: `{ statusCode, code, message, errors?: [{ field, code, message }] }`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }

  /** The message of the error naming this field (for a form item), if any. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message;
  }
}

/** Turns any answer body into an ApiError, so a failure is always shown in words. */
export function toApiError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as { code?: unknown; message?: unknown; errors?: unknown };
  const message = Array.isArray(b.message)
    ? b.message.join('; ')
    : typeof b.message === 'string'
      ? b.message
      : `HTTP ${status}`;
  const errors = Array.isArray(b.errors) ? (b.errors as FieldError[]) : [];
  return new ApiError(status, typeof b.code === 'string' ? b.code : `HTTP_${status}`, message, errors);
}

/** 401 anywhere: the token expired or was refused; back to the sign-in page. */
export function onUnauthorized(): void {
  clearSession();
  if (!location.pathname.startsWith('/login')) {
    location.assign(`/login?expired=1&next=${encodeURIComponent(location.pathname + location.search)}`);
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = getToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) onUnauthorized();
    return response;
  },
};

/** The typed client: paths, parameters and bodies come from the generated schema (npm run api:client). */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/**
 * Awaits an openapi-fetch call and returns its body as T, or throws ApiError. Today's document does not describe
 * most answers, so T is the hand-written view from ./views; once the API documents its responses, T is inferred.
 */
export async function ok<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: unknown; error?: unknown; response: Response };
  try {
    r = await call;
  } catch (err) {
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
  if (!r.response.ok) throw toApiError(r.response.status, r.error);
  return r.data as T;
}

/** Plain fetch with the token, for endpoints outside the generated document and for downloads. */
export async function authFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = getToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
  if (res.status === 401) onUnauthorized();
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
  return res;
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  return (await authFetch(url, init)).json() as Promise<T>;
}

/** Downloads a file the API answers (CSV, XLSX, evidence) under the given name. */
export async function download(url: string, fileName: string): Promise<void> {
  const blob = await (await authFetch(url)).blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * Uploads with progress (fetch cannot report upload progress): a File as the raw body (imports) or a FormData
 * (evidence). Resolves with the JSON answer, rejects with ApiError.
 */
export function upload<T>(
  url: string,
  body: Blob | FormData,
  onProgress: (percent: number) => void,
  contentType?: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 401) onUnauthorized();
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(toApiError(xhr.status, parsed));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error'));
    xhr.send(body);
  });
}
