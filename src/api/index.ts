// The public surface of the API layer. Nothing here imports vscode: it runs in Node, a browser worker and tests.

export { CoprClient, type CoprClientOptions, type CallOptions, type CallArg } from './client';
export { CoprError, isCoprError } from './errors';
export { isAbortError } from './abort';
export type {
  ApiVersion,
  Build,
  BuildQuery,
  BuildTask,
  BuildTaskQuery,
  CoprErrorKind,
  Project,
  TaskState,
} from './types';
export {
  ALL_STATES,
  STATE_TABLE,
  isActiveState,
  isFinalState,
  isTaskState,
  normalizeState,
  statePriority,
  worstState,
  type StateInfo,
} from './states';
export {
  buildIdWebUrl,
  buildWebUrl,
  isSafeHttpUrl,
  normalizeBaseUrl,
  parseBuildUrl,
  projectWebUrl,
  resultFileUrl,
  taskLogUrls,
  type TaskLogUrls,
} from './urls';
export { fetchLog, DEFAULT_LOG_MAX_BYTES, type FetchLogOptions, type LogChunk } from './logs';
export {
  DEFAULT_CLIENT_VERSION,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  parseRetryAfter,
  type FetchFn,
} from './http';
