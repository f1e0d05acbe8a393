// Routes a request to the part of Copr that serves it, honouring the API mode.

import { handleBackend } from './backend';
import { MOCK_CHROOTS } from './fixtures';
import { htmlNotFound, type SimRequest, type SimResponse } from './http';
import { handleMonitor } from './monitor';
import { handlePackages } from './packages';
import { handleResults } from './results';
import type { ApiMode } from './types';
import { handleV2 } from './v2';
import { handleV3 } from './v3';
import { handleWrites, isWritePath } from './writes';
import { handleWeb } from './web';
import type { World } from './world';

export interface RouterContext {
  world: World;
  base: string;
  api: ApiMode;
  gzipMode: 'file' | 'encoding';
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function route(ctx: RouterContext, req: SimRequest): SimResponse {
  const p = req.path;
  // Each API that is switched off answers like a server without it: the generic HTML 404 page.
  if (under(p, '/api_2')) return ctx.api === 'v3' ? htmlNotFound() : handleV2({ world: ctx.world, base: ctx.base }, req, MOCK_CHROOTS);
  if (under(p, '/api_3/monitor') && ctx.api !== 'v2') return handleMonitor({ world: ctx.world, base: ctx.base }, req);
  if (under(p, '/api_3/package/list') && ctx.api !== 'v2') return handlePackages({ world: ctx.world }, req);
  if (isWritePath(p) && ctx.api !== 'v2') return handleWrites({ world: ctx.world, base: ctx.base }, req);
  if (under(p, '/api_3')) return ctx.api === 'v2' ? htmlNotFound() : handleV3({ world: ctx.world, base: ctx.base, mockChroots: MOCK_CHROOTS }, req);
  if (under(p, '/backend')) return handleBackend(ctx.world, ctx.base, req, ctx.api);
  if (under(p, '/results')) return handleResults({ world: ctx.world, base: ctx.base, gzipMode: ctx.gzipMode }, req);
  if (under(p, '/coprs')) return handleWeb(ctx.world, ctx.base, req);
  return htmlNotFound();
}
