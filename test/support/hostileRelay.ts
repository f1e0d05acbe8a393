// A Copr server that an attacker's build log comes through (issue 20's tests in VS Code): the simulator behind a relay
// on 127.0.0.1 that also serves, under /hostile/, a real dnf5 log whose missing package is `link` (the simulator's own
// logs are fixed text). The relay is copr.url, so the log is on the Copr host and the host policy lets triage read it.
// Also a result storage on a host the policy does not trust, for the "Fetch from <host>" click (startLogStorage).
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

export interface LogStorage {
  url: string;
  /** The result directory to give a chroot (`resultDirUrl`): on this host, which the log host policy does not know. */
  resultDir: string;
  /** Every request path that reached this host, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A result storage on a second loopback port that the Copr server never names (no `repo_url` points here), so the
 * LogHostPolicy must not fetch from it until a person clicks "Fetch from <host>". Serves `text` as any chroot's
 * `builder-live.log(.gz)` and records every request, so a test can tell that nothing arrived before the click.
 */
export async function startLogStorage(text: string): Promise<LogStorage> {
  const log = gzipSync(text);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    // The .gz once the chroot has ended, the plain file while it runs (logNames.ts asks in that order).
    const gz = path === '/results/builder-live.log.gz';
    const plain = path === '/results/builder-live.log';
    res.writeHead(gz || plain ? 200 : 404, { 'Content-Type': gz ? 'application/gzip' : 'text/plain' });
    res.end(gz ? log : plain ? text : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, resultDir: `${url}/results/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
