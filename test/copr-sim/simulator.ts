// startSimulator: the HTTP server (node:http) around the world, with the request log, faults and the /__sim/ API.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin';
import { SimClock } from './clock';
import { cannedResponse, FaultRegistry } from './faults';
import { DEFAULT_SEED, DEFAULT_START_TIME } from './fixtures';
import { createWorld } from './generate';
import { html, json, type SimRequest, type SimResponse } from './http';
import { route, type RouterContext } from './router';
import type { RequestRecord, SimulatorHandle, SimulatorOptions } from './types';
import { v3Build, v3Chroot } from './views';

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const start = options.startTime ?? DEFAULT_START_TIME;
  const clock = new SimClock(start, options.clock ?? 'manual', options.speed ?? 1);
  const world = createWorld(options.world ?? 'default', options.seed ?? DEFAULT_SEED, start, () => clock.now());
  const faults = new FaultRegistry();
  const log: RequestRecord[] = [];
  const ctx: RouterContext = { world, base: '', api: options.api ?? 'both', gzipMode: options.gzipMode ?? 'file' };
  let closing = false;

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 1000;

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://sim.invalid');
    const now = clock.seconds();
    world.sync(now);
    const sreq: SimRequest = {
      method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, now, body: Buffer.concat(chunks).toString('utf8'),
    };
    if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')) {
      send(res, sreq.method, handleAdmin(handle, sreq, () => faults.list()));
      return;
    }
    const record: RequestRecord = { method: sreq.method, path: rawUrl, status: 0, bytes: 0, time: now, wallMs: Date.now(), headers: recordedHeaders(req) };
    log.push(record);
    const fault = faults.take(rawUrl);
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms ?? 100));
    if (closing || res.destroyed) return;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    // A hung request is answered never; close() destroys its socket.
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'huge') {
      record.status = 200;
      record.bytes = await streamHuge(res, fault.bytes ?? HUGE_DEFAULT_BYTES, fault.declareLength !== false);
      return;
    }
    if (fault?.kind === 'deep') {
      const depth = fault.depth ?? 100_000;
      record.status = 200;
      record.bytes = send(res, sreq.method, { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('['.repeat(depth) + ']'.repeat(depth)) });
      return;
    }
    const response = (fault && cannedResponse(fault.kind, fault.retryAfter)) ?? safeRoute(sreq);
    record.status = response.status;
    if (fault?.kind === 'stall') {
      // Everything a client needs to start reading, then silence: only a timeout that covers the body ends it.
      const half = response.body.subarray(0, Math.floor(response.body.length / 2));
      res.writeHead(response.status, { server: 'copr-sim', ...response.headers, 'content-length': String(response.body.length) });
      res.write(half);
      record.bytes = half.length;
      return;
    }
    if (fault?.kind === 'truncated') {
      const half = response.body.subarray(0, Math.floor(response.body.length / 2));
      res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length + Math.max(64, response.body.length)) });
      res.write(half, () => req.socket.destroy());
      record.bytes = half.length;
      return;
    }
    record.bytes = send(res, sreq.method, response);
  }

  function safeRoute(sreq: SimRequest): SimResponse {
    try {
      return route(ctx, sreq);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return sreq.path.startsWith('/api_3')
        ? json(500, { error: "Request wasn't successful, there is probably a bug in the Copr code." })
        : html(500, `<!doctype html><title>500 Internal Server Error</title><h1>Internal Server Error</h1><!-- ${message} -->`);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  ctx.base = `http://${host}:${port}`;

  const handle: SimulatorHandle = {
    url: ctx.base,
    async close() {
      closing = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    clock: {
      now: () => clock.now(),
      advance(seconds: number) {
        clock.advance(seconds);
        world.sync(clock.seconds());
      },
    },
    world: {
      addBuild: (spec) => world.addBuild(spec),
      setChrootState: (id, chroot, state) => world.setChrootState(id, chroot, state),
      cancelBuild: (id) => world.cancelBuild(id),
      addProject: (owner, name, chroots) => void world.addProject(owner, name, chroots),
      getBuild(id) {
        world.sync(clock.seconds());
        const v = world.view(id, clock.seconds());
        return v ? v3Build(ctx.base, v) : undefined;
      },
      getChroots(id) {
        const v = world.view(id, clock.seconds());
        return v ? v.chroots.map((c) => v3Chroot(ctx.base, v.rec, c)) : [];
      },
      failureKindOf: (id, chroot) => world.failureKindOf(id, chroot),
      populate: (spec) => world.populate(spec),
      buildIds: () => [...world.all.builds.map((b) => b.id)],
    },
    faults: {
      add: (f) => faults.add(f),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
    },
    requests: {
      list: () => log.map((r) => ({ ...r })),
      count: (filter) => (filter ? log.filter(filter).length : log.length),
      reset: () => void (log.length = 0),
    },
  };
  return handle;
}

export const HUGE_DEFAULT_BYTES = 50 * 1024 * 1024;

/** The request headers kept in the request log. */
function recordedHeaders(req: IncomingMessage): RequestRecord['headers'] {
  const out: RequestRecord['headers'] = {};
  for (const name of ['user-agent', 'authorization', 'cookie', 'range', 'accept'] as const) {
    const v = req.headers[name];
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * A valid JSON document of about `total` bytes ({"items": [...many small objects...], "meta": {}}), written chunk by
 * chunk with backpressure, so the simulator never holds it whole; stops early when the client goes away.
 * Returns the bytes written.
 */
async function streamHuge(res: ServerResponse, total: number, declareLength: boolean): Promise<number> {
  const head = Buffer.from('{"items":[');
  const tail = Buffer.from('],"meta":{}}');
  const item = '{"name":"padding","state":"succeeded"},';
  const chunk = Buffer.from(item.repeat(Math.ceil(65536 / item.length)));
  const bodyItems = Math.max(0, total - head.length - tail.length);
  const fullChunks = Math.floor(bodyItems / chunk.length);
  // The rest is spaces (JSON whitespace) before a last item without a trailing comma.
  const last = Buffer.from('{"name":"last","state":"succeeded"}');
  const pad = Math.max(0, bodyItems - fullChunks * chunk.length - last.length);
  const length = head.length + fullChunks * chunk.length + pad + last.length + tail.length;
  res.writeHead(200, { server: 'copr-sim', 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(length) } : {}) });
  let written = 0;
  const write = async (b: Buffer): Promise<boolean> => {
    if (res.destroyed) return false;
    written += b.length;
    if (!res.write(b)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    return !res.destroyed;
  };
  if (!(await write(head))) return written;
  for (let i = 0; i < fullChunks; i++) if (!(await write(chunk))) return written;
  if (pad > 0 && !(await write(Buffer.alloc(pad, 0x20)))) return written;
  if (!(await write(last))) return written;
  if (!(await write(tail))) return written;
  res.end();
  return written;
}

/** Writes a response (no body for HEAD); returns the body bytes written. */
function send(res: ServerResponse, method: string, r: SimResponse): number {
  res.writeHead(r.status, { server: 'copr-sim', ...r.headers, 'content-length': String(r.body.length) });
  if (method === 'HEAD') {
    res.end();
    return 0;
  }
  res.end(r.body);
  return r.body.length;
}
