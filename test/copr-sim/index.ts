// The Copr simulator's entry point: a real HTTP server over an in-memory world (see README.md).

export { startSimulator } from './simulator';
export { renderLog } from './logs';
export type { LogContext, LogOutcome } from './logs';
export * from './types';
export * as fixtures from './fixtures';
