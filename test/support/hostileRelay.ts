// A Copr server that an attacker's build log comes through (issue 20's tests in VS Code): the simulator behind a relay
// on 127.0.0.1 that also serves, under /hostile/, a real dnf5 log whose missing package is `link` (the simulator's own
// logs are fixed text). The relay is copr.url, so the log is on the Copr host and the host policy lets triage read it.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface HostileRelay {
  url: string;
  /** The result directory to give the hostile chroot (`resultDirUrl`). */
  resultDir: string;
  close(): Promise<void>;
}

export async function startHostileRelay(simUrl: string, link: string): Promise<HostileRelay> {
  const fixture = readFileSync(join(__dirname, '../../../test/fixtures/logs/missing-deps-dnf5.builder-live.log'), 'utf8');
  const log = gzipSync(fixture.replace(/No match for argument: python3-flit-core >= 3\.9/g, `No match for argument: ${link}`));
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/hostile/')) {
      const found = path.endsWith('builder-live.log.gz');
      res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/gzip' });
      res.end(found ? log : undefined);
      return;
    }
    fetch(simUrl + path, { headers: { 'User-Agent': String(req.headers['user-agent'] ?? '') } }).then(
      async (r) => {
        res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await r.arrayBuffer()));
      },
      () => {
        res.writeHead(502);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, resultDir: `${url}/hostile/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
