// Small HTTP helpers for the simulator's own tests.

import type { SimulatorHandle } from '../../copr-sim';

export interface Got<J> {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body (undefined when it is not JSON), typed as the caller expects it. */
  json: J;
}

export interface V3Build {
  id: number; state: string; ownername: string; projectname: string; project_dirname: string; repo_url: string;
  source_package: { name: string | null; version: string | null; url: string | null };
  submitted_on: number; started_on: number | null; ended_on: number | null; submitter: string | null; chroots: string[]; is_background: boolean;
}
export interface V3Chroot { name: string; state: string; started_on: number | null; ended_on: number | null; result_url: string | null }
export interface V3List<T> { items: T[]; meta: { limit: number | null; offset: number; order: string; order_type: string } }
export interface V3Error { error: string }
export interface V2Task {
  chroot_name: string; build_id: number; state: string; started_on: number | null; ended_on: number | null; git_hash: string | null; result_dir_url: string | null;
}
export interface V2TaskItem { build_task: V2Task; _links: { project: { href: string }; build: { href: string }; self: { href: string } } }
export interface V2TaskList { build_tasks: V2TaskItem[]; _links: { self: { href: string } } }
export interface V2Error { message: string; data?: Record<string, unknown> }

export async function get<J = unknown>(sim: SimulatorHandle, path: string, init?: RequestInit): Promise<Got<J>> {
  const res = await fetch(sim.url + path, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: parsed as J };
}

export async function bytes(sim: SimulatorHandle, path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(sim.url + path, init);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** Resolves once `cond` holds, checking on every turn of the event loop (no fixed sleeps). */
export async function until(cond: () => boolean, maxTurns = 100_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition never held');
}
