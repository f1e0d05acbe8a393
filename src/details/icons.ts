// Codicon-like icons drawn as inline SVG, so the page needs no icon font and no extra resource under its CSP.
// Stroke-only, in `currentColor`: they follow the theme's foreground and the state colours set in details.css.
import type { TaskState } from '../api/types';
import { STATE_TABLE } from '../api/states';
import { trusted, type SafeHtml } from './html';

const CIRCLE = '<circle cx="8" cy="8" r="6.5"/>';

const PATHS: Record<string, string> = {
  pass: `${CIRCLE}<path d="M5 8.3l2 2 4-4.4"/>`,
  error: `${CIRCLE}<path d="M5.7 5.7l4.6 4.6M10.3 5.7l-4.6 4.6"/>`,
  question: `${CIRCLE}<path d="M6.3 6.3a1.8 1.8 0 1 1 2.4 1.7c-.5.2-.7.6-.7 1.1v.4"/><path d="M8 11.4v.1"/>`,
  sync: '<path d="M3 8a5 5 0 0 1 8.6-3.5M13 8a5 5 0 0 1-8.6 3.5"/><path d="M11.8 1.8v2.9H8.9M4.2 14.2v-2.9h2.9"/>',
  loading: '<path d="M8 1.5a6.5 6.5 0 1 1-6.5 6.5"/>',
  'cloud-download': '<path d="M4.5 11.5H4a3 3 0 0 1-.3-6 4 4 0 0 1 7.7 1 2.5 2.5 0 0 1 .6 5h-.5"/><path d="M8 8v6M6 12l2 2 2-2"/>',
  clock: `${CIRCLE}<path d="M8 4.5V8l2.5 1.5"/>`,
  watch: '<path d="M4.5 1.5h7M4.5 14.5h7M5 1.5c0 3.5 6 3 6 6.5s-6 3-6 6.5M11 1.5c0 3.5-6 3-6 6.5s6 3 6 6.5"/>',
  'circle-slash': `${CIRCLE}<path d="M3.4 12.6l9.2-9.2"/>`,
  'debug-step-over': '<path d="M2.5 9a5.5 5.5 0 0 1 10.6-1.8"/><path d="M13.5 3.8v3.6H9.9"/><circle cx="8" cy="12.5" r="1.2"/>',
  'repo-forked': '<circle cx="4.5" cy="3.5" r="1.5"/><circle cx="11.5" cy="3.5" r="1.5"/><circle cx="8" cy="12.5" r="1.5"/><path d="M4.5 5v1a2 2 0 0 0 2 2h3a2 2 0 0 0 2-2V5M8 8v3"/>',
  'folder-opened': '<path d="M1.5 12.5V3.5h4l1.5 1.5h5.5v2"/><path d="M1.5 12.5l2-5.5h11l-2 5.5z"/>',
  copy: '<rect x="5.5" y="5.5" width="8" height="8" rx="1"/><path d="M3.5 10.5h-1v-8h8v1"/>',
  'link-external': '<path d="M9 2.5h4.5V7M13.5 2.5L7.5 8.5M11.5 9.5v4h-9v-9h4"/>',
  output: '<rect x="2" y="2.5" width="12" height="11" rx="1"/><path d="M4.5 6h7M4.5 8.5h7M4.5 11h4"/>',
  warning: '<path d="M8 1.8l6.5 12H1.5z"/><path d="M8 6.5v3.5M8 12v.1"/>',
  info: `${CIRCLE}<path d="M8 7.3V11.5M8 4.8v.1"/>`,
  'stop-circle': `${CIRCLE}<rect x="5.5" y="5.5" width="5" height="5"/>`,
  'debug-rerun': '<path d="M3 8a5 5 0 1 0 1.5-3.6"/><path d="M4.2 1.8v2.9h2.9"/><path d="M7 6.2l3 1.8-3 1.8z"/>',
};

export type IconName = keyof typeof PATHS;

/** An inline SVG; `label` makes it announced (when the icon carries meaning not repeated in text). */
export function icon(name: string, extraClass = ''): SafeHtml {
  const [id, modifier] = name.split('~');
  const body = PATHS[id] ?? PATHS.info;
  const cls = ['icon', extraClass, modifier === 'spin' ? 'spin' : ''].filter(Boolean).join(' ');
  return trusted(
    `<svg class="${cls}" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" fill="none" ` +
      `stroke="currentColor" stroke-width="1.2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`,
  );
}

export function stateIconSvg(state: TaskState): SafeHtml {
  return icon(STATE_TABLE[state].icon, `state-${state}`);
}
