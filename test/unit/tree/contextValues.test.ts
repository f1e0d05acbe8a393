// package.json's when-clauses and the context values the tree produces must agree (Buildkite-style contract test).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_STATES } from '../../../src/api/states';
import type { Build, BuildTask } from '../../../src/api/types';
import { CONTEXT_TOKENS, buildContextValue, taskContextValue } from '../../../src/tree/contextValues';

interface MenuItem { command: string; when?: string }
// Tests run from the repository root (npm scripts).
const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
const itemMenus: MenuItem[] = pkg.contributes.menus['view/item/context'];

function task(over: Partial<BuildTask>): BuildTask {
  return { chroot_name: 'fedora-rawhide-x86_64', build_id: 1, state: 'succeeded', started_on: null, ended_on: null, result_dir_url: null, git_hash: null, ...over };
}
const build: Build = {
  id: 1, owner: 'alice', project: 'hello', dirname: 'hello', package_name: 'hello', package_version: '1-1', submitter: null,
  submitted_on: 0, started_on: null, ended_on: null, state: 'running', chroots: [], project_id: null,
};

/** Every value the code can produce, for every state and every optional field. */
function producible(): string[] {
  const out = new Set<string>(['project', 'owner', 'watched', 'load-more', 'message', 'message error']);
  for (const state of ALL_STATES) {
    for (const result_dir_url of [null, 'https://x/results/']) {
      for (const started_on of [null, 1]) {
        for (const git_hash of [null, 'a'.repeat(40)]) out.add(taskContextValue(task({ state, result_dir_url, started_on, git_hash })));
      }
    }
    out.add(buildContextValue({ ...build, state }, state));
  }
  return [...out];
}

function viewItemRegexes(when: string): RegExp[] {
  return [...when.matchAll(/viewItem =~ \/((?:\\\/|[^/])+)\//g)].map((m) => new RegExp(m[1]));
}

describe('context values vs package.json when-clauses', () => {
  const values = producible();

  it('every view/item/context when-clause matches at least one row the tree can produce', () => {
    assert.ok(itemMenus.length > 5);
    for (const item of itemMenus) {
      const regexes = viewItemRegexes(item.when ?? '');
      assert.ok(regexes.length > 0, `${item.command} has no viewItem test`);
      const match = values.some((v) => regexes.every((r) => r.test(v)));
      assert.ok(match, `${item.command} (${item.when}) matches no producible contextValue`);
    }
  });

  it('every token a when-clause names is a token the code produces', () => {
    for (const item of itemMenus) {
      for (const r of viewItemRegexes(item.when ?? '')) {
        for (const token of r.source.replace(/\\b/g, ' ').replace(/[()|]/g, ' ').split(/\s+/).filter(Boolean)) {
          assert.ok(CONTEXT_TOKENS.includes(token), `${item.command}: unknown token "${token}"`);
        }
      }
    }
  });

  it('log and result-directory actions need a result directory; pending tasks without one get neither', () => {
    const viewLog = itemMenus.filter((i) => i.command === 'copr.viewLog').flatMap((i) => viewItemRegexes(i.when!));
    const pending = taskContextValue(task({ state: 'pending' }));
    const running = taskContextValue(task({ state: 'running', started_on: 1, result_dir_url: 'https://x/' }));
    assert.ok(viewLog.every((r) => !r.test(pending)));
    assert.ok(viewLog.every((r) => r.test(running)));
    assert.match(running, /\bactive\b/);
    assert.doesNotMatch(taskContextValue(task({ state: 'failed' })), /\bactive\b/);
  });

  it('every contributed command has the Copr category and every menu entry names a contributed command', () => {
    const ids = new Set(pkg.contributes.commands.map((c: { command: string; category: string }) => {
      assert.equal(c.category, 'Copr', c.command);
      return c.command;
    }));
    for (const list of Object.values(pkg.contributes.menus) as MenuItem[][]) {
      for (const m of list) assert.ok(ids.has(m.command), `menu names unknown command ${m.command}`);
    }
  });
});
