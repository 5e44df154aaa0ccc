import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { serveConsole } from '../apps/api/src/console/serve-console';
import { startApi } from './support';

@Controller('ping')
class PingController {
  @Get()
  ping() {
    return { pong: true };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

/** An app wired as createApp wires the console: the files first, the API under /api. */
async function appServing(dir: string): Promise<INestApplication> {
  const app = await NestFactory.create(PingModule, { logger: false });
  serveConsole(app, dir);
  app.setGlobalPrefix('api');
  await app.init();
  return app;
}

describe('the console served at /', () => {
  const built = mkdtempSync(path.join(os.tmpdir(), 'verity-web-'));
  mkdirSync(path.join(built, 'assets'));
  writeFileSync(path.join(built, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(built, 'assets', 'index-abc123.js'), 'console.log(1)');
  const apps: INestApplication[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('serves the built files, index.html for the browser routes, and the API under /api', async () => {
    const app = await appServing(built);
    apps.push(app);
    const http = () => request(app.getHttpServer());
    const page = await http().get('/').expect(200);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await http().get('/cases/case-1').expect(200)).text).toContain('<div id="root">');
    const asset = await http().get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await http().get('/assets/gone-999.js').expect(404);
    expect((await http().get('/api/ping').expect(200)).body).toEqual({ pong: true });
    const missing = await http().get('/api/nothing-here').expect(404);
    expect(missing.text).not.toContain('<div id="root">');
    await http().post('/cases').send({}).expect(404);
  });

  it('says how to build it when dist/web is missing', async () => {
    const app = await appServing(path.join(built, 'not-built'));
    apps.push(app);
    const res = await request(app.getHttpServer()).get('/').expect(404);
    expect(res.text).toContain('npm run build');
  });

  it('leaves the real API under /api', async () => {
    const app = await startApi();
    apps.push(app);
    await request(app.getHttpServer()).get('/api/health').expect(200);
    await request(app.getHttpServer()).get('/api/cases').expect(401);
    const root = await request(app.getHttpServer()).get('/');
    expect([200, 404]).toContain(root.status); // the console or how to build it, depending on dist/web
    expect(root.headers['content-type']).toContain('text/html');
  });
});
