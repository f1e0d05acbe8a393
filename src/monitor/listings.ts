// Keeps project listings within copr.maxBuilds when the setting shrinks (growing is handled by the next page).
import type { TaskStore } from './taskStore';

export function trimListings(store: TaskStore, maxBuilds: number): void {
  for (const name of store.projectNames()) {
    const listing = store.project(name);
    if (!listing || listing.buildIds.length <= maxBuilds) continue;
    store.setProject({ ...listing, buildIds: listing.buildIds.slice(0, maxBuilds), hasMore: true });
  }
  store.flush();
}
