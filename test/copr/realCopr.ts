// Where the real copr-frontend runs (scripts/run-copr.mjs starts it, or CI passes the URLs), and the seeded world
// (real-copr/seed.py) as the suites need it. No URL means the suite fails: a missing server is never a pass.

export type RealVersion = 'head' | 'v190';

export interface RealServer {
  version: RealVersion;
  url: string;
}

const ENV: Record<RealVersion, string> = { head: 'COPR_REAL_URL_V3', v190: 'COPR_REAL_URL_V2' };

export function realServer(version: RealVersion): RealServer {
  const url = process.env[ENV[version]];
  if (!url) {
    throw new Error(`${ENV[version]} is not set: run "npm run test:copr", which starts the real Copr frontend (${version}).`);
  }
  return { version, url: url.replace(/\/+$/, '') };
}

/** The seeded builds of alice/hello, by the letter seed.py gives them, and their versions (how they are found). */
export const HELLO_VERSIONS = { F: '0.9-1', E: '0.9-2', B: '1.0-1', A: '1.0-2', G: '1.0-3', C: '1.1-1', D: '1.1-2' } as const;
export type HelloBuild = keyof typeof HELLO_VERSIONS;
export const HELLO_CHROOTS = ['fedora-40-x86_64', 'fedora-40-aarch64', 'fedora-rawhide-x86_64'];

/** Each seeded build's build state and chroot states as seed.py writes them (the real server's answers). */
export const HELLO_STATES: Record<HelloBuild, { build: string; chroots: string[]; dirname: string }> = {
  A: { build: 'running', chroots: ['succeeded', 'failed', 'running'], dirname: 'hello' },
  B: { build: 'failed', chroots: ['succeeded', 'succeeded', 'failed'], dirname: 'hello' },
  C: { build: 'pending', chroots: ['pending', 'pending', 'pending'], dirname: 'hello' },
  D: { build: 'importing', chroots: ['waiting', 'waiting', 'waiting'], dirname: 'hello' },
  E: { build: 'canceled', chroots: ['canceled', 'canceled', 'canceled'], dirname: 'hello' },
  F: { build: 'succeeded', chroots: ['succeeded', 'skipped', 'forked'], dirname: 'hello' },
  G: { build: 'running', chroots: ['succeeded', 'running', 'starting'], dirname: 'hello:pr:42' },
};

interface V3BuildItem {
  id: number;
  source_package: { version: string | null };
}

/** Build ids of alice/hello by letter, read from the server itself (v3 lists on both versions). */
export async function helloBuildIds(server: RealServer): Promise<Record<HelloBuild, number>> {
  // 1.190 redirects /api_3/build/list without a trailing slash (308); fetch follows it.
  const res = await fetch(`${server.url}/api_3/build/list/?ownername=alice&projectname=hello&limit=100`);
  if (!res.ok) throw new Error(`${server.url}: build list answered ${res.status}`);
  const items = ((await res.json()) as { items: V3BuildItem[] }).items;
  const out = {} as Record<HelloBuild, number>;
  for (const [letter, version] of Object.entries(HELLO_VERSIONS) as Array<[HelloBuild, string]>) {
    const b = items.find((i) => i.source_package.version === version);
    if (!b) throw new Error(`${server.url}: no alice/hello build ${version}; is this the world of real-copr/seed.py?`);
    out[letter] = b.id;
  }
  return out;
}
