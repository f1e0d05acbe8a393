// Log documents fetch through the API layer's one log fetcher (src/api/logFetch.ts), which triage uses too.
export { streamLog, DEFAULT_MAX_CHARS, type FetchFn, type LogFetchOptions, type LogFetchResult } from '../api/logFetch';
