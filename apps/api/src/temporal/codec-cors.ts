import type { NextFunction, Request, Response } from 'express';

/**
 * CORS for the codec endpoint only, and only for the Temporal Web UI's origin (TEMPORAL_UI_ORIGIN): the UI calls
 * it from the browser with the signed-in user's token. Other origins get no CORS headers, so browsers refuse them.
 */
export function codecCors(uiOrigin: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.headers.origin !== uiOrigin) return next();
    res.setHeader('Access-Control-Allow-Origin', uiOrigin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
