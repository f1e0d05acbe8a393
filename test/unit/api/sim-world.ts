// What the simulated world says, read through its control handle, so tests compare the client with the world
// instead of with numbers copied from the fixtures.

import type { SimulatorHandle } from '../../copr-sim';

export interface WorldBuild {
  id: number;
  ownername: string;
  projectname: string;
  project_dirname: string;
  state: string;
  chroots: string[];
  submitter: string | null;
  submitted_on: number;
  started_on: number | null;
  ended_on: number | null;
  source_package: { name: string | null; version: string | null };
}

export interface WorldChroot {
  name: string;
  state: string;
  started_on: number | null;
  ended_on: number | null;
  result_url: string | null;
}

export interface TaskKey {
  build_id: number;
  chroot_name: string;
  state: string;
}

export function worldBuild(sim: SimulatorHandle, id: number): WorldBuild {
  return sim.world.getBuild(id) as WorldBuild;
}

/** Builds matching `filter`, newest first. */
export function worldBuilds(sim: SimulatorHandle, filter: (b: WorldBuild) => boolean): WorldBuild[] {
  return sim.world
    .buildIds()
    .map((id) => worldBuild(sim, id))
    .filter(filter)
    .sort((a, b) => b.id - a.id);
}

/** The tasks of builds in order (each build's chroots in creation order). */
export function worldTasks(sim: SimulatorHandle, builds: WorldBuild[], state?: string): TaskKey[] {
  return builds.flatMap((b) =>
    (sim.world.getChroots(b.id) as WorldChroot[])
      .filter((c) => state === undefined || c.state === state)
      .map((c) => ({ build_id: b.id, chroot_name: c.name, state: c.state })),
  );
}

export function keys(tasks: Array<{ build_id: number; chroot_name: string; state: string }>): TaskKey[] {
  return tasks.map(({ build_id, chroot_name, state }) => ({ build_id, chroot_name, state }));
}

export function ofProject(owner: string, name: string): (b: WorldBuild) => boolean {
  return (b) => b.ownername === owner && b.projectname === name;
}

export function ofOwner(owner: string): (b: WorldBuild) => boolean {
  return (b) => b.ownername === owner;
}
