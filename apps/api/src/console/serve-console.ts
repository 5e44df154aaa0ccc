import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { static as serveStatic } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root: the folder with package.json above this file (apps/api/src, or dist/apps/api/src). */
function repositoryRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Verity</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>Verity</h1>
<p>控制台尚未构建。The web console is not built: run <code>npm run build</code> (it builds <code>apps/web</code> into
<code>dist/web</code>), then reload. The API is at <a href="/api/docs">/api/docs</a>.</p>
</body></html>`;

const isApi = (p: string): boolean => p === '/api' || p.startsWith('/api/');

/**
 * The console (the SPA built into dist/web) at `/`: its files, and index.html for any other GET outside /api so
 * the browser's own routes work on reload. The API stays under /api; without a build, `/` says how to make one.
 */
export function serveConsole(app: INestApplication, dir = path.join(repositoryRoot(), 'dist', 'web')): void {
  const index = path.join(dir, 'index.html');
  // Vite names built assets by content hash: they never change, so browsers may keep them.
  const files = serveStatic(dir, {
    index: false,
    setHeaders: (res, file) =>
      res.setHeader(
        'Cache-Control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req.path)) return next();
    files(req, res, () => {
      // A missing file (an old asset, a typo) is a 404, not the page: only routes without an extension fall back.
      if (path.extname(req.path)) return next();
      if (existsSync(index)) {
        res.setHeader('Cache-Control', 'no-cache');
        res.sendFile(index);
      } else {
        res.status(404).type('html').send(NOT_BUILT);
      }
    });
  });
}
