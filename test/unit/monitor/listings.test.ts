import assert from 'node:assert/strict';
import { trimListings } from '../../../src/monitor/listings';
import { TaskStore } from '../../../src/monitor/taskStore';

describe('trimListings', () => {
  it('cuts listings longer than maxBuilds, marks them as having more, and announces the change once', () => {
    const store = new TaskStore();
    store.setProject({ fullName: 'alice/a', owner: 'alice', name: 'a', buildIds: [9, 8, 7, 6], hasMore: false });
    store.setProject({ fullName: 'alice/b', owner: 'alice', name: 'b', buildIds: [5], hasMore: false });
    store.flush();
    const changes: string[][] = [];
    store.onDidChange((c) => changes.push(c.projects));
    trimListings(store, 2);
    assert.deepEqual(store.project('alice/a'), { fullName: 'alice/a', owner: 'alice', name: 'a', buildIds: [9, 8], hasMore: true });
    assert.deepEqual(store.project('alice/b')?.buildIds, [5]);
    assert.equal(store.project('alice/b')?.hasMore, false);
    assert.deepEqual(changes, [['alice/a']]);
    store.dispose();
  });
});
