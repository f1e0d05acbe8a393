// What the user asked to monitor: an owner's projects, one project, or one build.

export type Scope =
  | { kind: 'owner'; owner: string }
  | { kind: 'project'; owner: string; project: string }
  | { kind: 'build'; buildId: number };

/** A stable key: 'owner:alice' | 'project:alice/hello' | 'build:123'. */
export function scopeKey(s: Scope): string {
  switch (s.kind) {
    case 'owner':
      return `owner:${s.owner}`;
    case 'project':
      return `project:${s.owner}/${s.project}`;
    case 'build':
      return `build:${s.buildId}`;
  }
}

/** `owner/name` of a project; owners may be groups (`@group/name`). */
export function projectFullName(owner: string, project: string): string {
  return `${owner}/${project}`;
}

/** Splits `owner/name` at its first slash. */
export function splitFullName(fullName: string): { owner: string; name: string } {
  const slash = fullName.indexOf('/');
  return slash < 0 ? { owner: fullName, name: '' } : { owner: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
}
