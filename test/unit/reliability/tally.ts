// Counts the reliability cases that actually ran and passed, for the summary line printed at the end of the suite.
export const tally = {
  faultPhases: new Set<string>(),
  badSettings: new Set<string>(),
  hostile: new Set<string>(),
  properties: new Set<string>(),
  secrets: new Set<string>(),
};

export type TallyKey = keyof typeof tally;

/** Called as a case's last statement: only a case whose assertions all held is counted. */
export function passed(kind: TallyKey, name: string): void {
  tally[kind].add(name);
}
