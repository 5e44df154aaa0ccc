import type { NextFunction, Request, Response } from 'express';
import { codecCors } from './codec-cors';

function call(origin: string | undefined, method: string) {
  const headers: Record<string, string> = {};
  const res = {
    statusCode: 200,
    setHeader: (k: string, v: string) => (headers[k] = v),
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    end: jest.fn(),
  };
  const next = jest.fn();
  codecCors('http://127.0.0.1:8233')(
    { headers: { origin }, method } as unknown as Request,
    res as unknown as Response,
    next as NextFunction,
  );
  return { headers, res, next };
}

describe('codecCors', () => {
  it('answers the Web UI preflight itself, allowing the bearer header', () => {
    const { headers, res, next } = call('http://127.0.0.1:8233', 'OPTIONS');
    expect(res.statusCode).toBe(204);
    expect(next).not.toHaveBeenCalled();
    expect(headers).toMatchObject({
      'Access-Control-Allow-Origin': 'http://127.0.0.1:8233',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
    });
  });

  it('lets the UI read the answer of a POST, which still goes through the guard', () => {
    const { headers, next } = call('http://127.0.0.1:8233', 'POST');
    expect(next).toHaveBeenCalled();
    expect(headers['Access-Control-Allow-Origin']).toBe('http://127.0.0.1:8233');
  });

  it('gives another origin no CORS headers', () => {
    for (const origin of ['http://evil.example', undefined]) {
      const { headers, next } = call(origin, 'OPTIONS');
      expect(next).toHaveBeenCalled();
      expect(headers).toEqual({});
    }
  });
});
