import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const servers = globalThis.__verityServers;
  if (!servers) return;
  for (const stop of servers.stops.reverse()) await stop();
  rmSync(servers.dir, { recursive: true, force: true });
}
