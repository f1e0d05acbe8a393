// The control API under /__sim/, mirroring the handle for tests and demos that run the simulator out of process.

import { json, parseIntStrict, type SimRequest, type SimResponse } from './http';
import type { FaultKind, FaultSpec, SimulatorHandle, TaskState } from './types';

function body(req: SimRequest): Record<string, unknown> {
  if (!req.body.trim()) return {};
  const v: unknown = JSON.parse(req.body);
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

export function handleAdmin(h: SimulatorHandle, req: SimRequest, faultList: () => unknown[]): SimResponse {
  const path = req.path.replace(/\/$/, '');
  const q = req.query;
  try {
    if (path === '/__sim/clock' && req.method === 'GET') return json(200, { now: h.clock.now() });
    if (path === '/__sim/advance' && req.method === 'POST') {
      const seconds = Number(q.get('seconds') ?? body(req).seconds);
      h.clock.advance(seconds);
      return json(200, { now: h.clock.now() });
    }
    if (path === '/__sim/builds' && req.method === 'POST') {
      return json(200, { id: h.world.addBuild(body(req) as unknown as Parameters<SimulatorHandle['world']['addBuild']>[0]) });
    }
    let m = /^\/__sim\/builds\/(\d+)$/.exec(path);
    if (m && req.method === 'GET') {
      const id = Number(m[1]);
      const b = h.world.getBuild(id);
      return b ? json(200, { build: b, chroots: h.world.getChroots(id) }) : json(404, { error: `no build ${id}` });
    }
    m = /^\/__sim\/builds\/(\d+)\/cancel$/.exec(path);
    if (m && req.method === 'POST') {
      h.world.cancelBuild(Number(m[1]));
      return json(200, {});
    }
    if (path === '/__sim/chroot-state' && req.method === 'POST') {
      const b = body(req);
      const buildId = Number(b.buildId ?? b.build_id ?? q.get('build_id'));
      const chroot = String(b.chroot ?? q.get('chroot'));
      const state = String(b.state ?? q.get('state')) as TaskState;
      h.world.setChrootState(buildId, chroot, state);
      return json(200, {});
    }
    if (path === '/__sim/projects' && req.method === 'POST') {
      const b = body(req);
      h.world.addProject(String(b.owner), String(b.name), (b.chroots as string[] | undefined) ?? ['fedora-rawhide-x86_64']);
      return json(200, {});
    }
    if (path === '/__sim/populate' && req.method === 'POST') {
      const b = body(req);
      const ids = h.world.populate({ owner: b.owner as string | undefined, project: String(b.project), builds: Number(b.builds), chroots: Number(b.chroots) });
      return json(200, { count: ids.length, first: ids[0] ?? null, last: ids[ids.length - 1] ?? null });
    }
    if (path === '/__sim/failure-kind' && req.method === 'GET') {
      return json(200, { kind: h.world.failureKindOf(parseIntStrict(q.get('build_id')), String(q.get('chroot'))) });
    }
    if (path === '/__sim/faults' && req.method === 'POST') {
      const b = body(req);
      // A JSON body cannot carry a RegExp: `pathRegex` is its source.
      const spec: FaultSpec = {
        path: typeof b.pathRegex === 'string' ? new RegExp(b.pathRegex) : String(b.path),
        kind: String(b.kind) as FaultKind,
        ms: b.ms as number | undefined,
        retryAfter: b.retryAfter as number | undefined,
        times: b.times as number | undefined,
        bytes: b.bytes as number | undefined,
        declareLength: b.declareLength as boolean | undefined,
        depth: b.depth as number | undefined,
      };
      return json(200, { id: h.faults.add(spec) });
    }
    if (path === '/__sim/faults' && req.method === 'GET') return json(200, { faults: faultList() });
    if (path === '/__sim/faults' && req.method === 'DELETE') {
      h.faults.clear();
      return json(200, {});
    }
    m = /^\/__sim\/faults\/(\d+)$/.exec(path);
    if (m && req.method === 'DELETE') {
      h.faults.remove(Number(m[1]));
      return json(200, {});
    }
    if (path === '/__sim/requests' && req.method === 'GET') return json(200, { requests: h.requests.list(), count: h.requests.count() });
    if (path === '/__sim/requests' && req.method === 'DELETE') {
      h.requests.reset();
      return json(200, {});
    }
  } catch (e) {
    return json(400, { error: e instanceof Error ? e.message : String(e) });
  }
  return json(404, { error: `no admin route ${req.method} ${path}` });
}
