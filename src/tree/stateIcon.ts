// Turns the state table's plain strings into VS Code theme icons and localised words.
import * as vscode from 'vscode';
import { STATE_TABLE } from '../api/states';
import type { TaskState } from '../api/types';

export function stateIcon(state: TaskState): vscode.ThemeIcon {
  const info = STATE_TABLE[state];
  return new vscode.ThemeIcon(info.icon, info.color ? new vscode.ThemeColor(info.color) : undefined);
}

export function stateWords(state: TaskState): string {
  switch (state) {
    case 'failed': return vscode.l10n.t('failed');
    case 'succeeded': return vscode.l10n.t('succeeded');
    case 'canceled': return vscode.l10n.t('canceled');
    case 'running': return vscode.l10n.t('running');
    case 'pending': return vscode.l10n.t('pending');
    case 'skipped': return vscode.l10n.t('skipped');
    case 'starting': return vscode.l10n.t('starting');
    case 'importing': return vscode.l10n.t('importing');
    case 'forked': return vscode.l10n.t('forked');
    case 'waiting': return vscode.l10n.t('waiting');
    default: return vscode.l10n.t('unknown');
  }
}
