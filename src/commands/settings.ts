// Copr: Open Settings, Import Settings from ~/.config/copr, Add Project…, Filter by State…
import * as vscode from 'vscode';
import { ALL_STATES } from '../api/states';
import type { Project, TaskState } from '../api/types';
import { parseCoprConfig } from '../config/coprConfigFile';
import type { CoprSettings } from '../config/settings';
import { readCoprCliConfigText } from '../platform/node';
import { stateIcon, stateWords } from '../tree/stateIcon';
import { showError, showInformation, showWarning } from '../ui/messages';
import { labelText } from '../common/displayText';

export interface SettingsDeps {
  settings(): CoprSettings;
  listProjects(owner: string): Promise<Project[]>;
  log: vscode.LogOutputChannel;
}

const config = () => vscode.workspace.getConfiguration('copr');

export function registerSettingsCommands(deps: SettingsDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('copr.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:copr-builds.copr-builds'),
    ),
    vscode.commands.registerCommand('copr.importSettings', () => importCoprCliSettings(deps)),
    vscode.commands.registerCommand('copr.addProject', () => addProject(deps)),
    vscode.commands.registerCommand('copr.filterByState', () => filterByState(deps)),
  ];
}

export async function importCoprCliSettings(deps: SettingsDeps): Promise<boolean> {
  const file = await readCoprCliConfigText();
  if (!file) {
    void showWarning(
      vscode.l10n.t('No copr-cli configuration found (~/.config/copr). Get one at https://copr.fedorainfracloud.org/api or set copr.owner by hand.'),
    );
    return false;
  }
  const parsed = parseCoprConfig(file.text);
  if (!parsed.url && !parsed.username) {
    void showWarning(vscode.l10n.t('{0} has no copr_url or username in its [copr-cli] section.', file.path));
    return false;
  }
  if (parsed.url) await config().update('url', parsed.url, vscode.ConfigurationTarget.Global);
  if (parsed.username) await config().update('owner', parsed.username, vscode.ConfigurationTarget.Global);
  deps.log.info(`Imported copr_url and username from ${file.path} (the token was not read into settings).`);
  const imported = vscode.l10n.t('Imported from {0}: {1}', file.path, [parsed.url, parsed.username].filter(Boolean).join(', '));
  // The token goes to SecretStorage through Sign In (checked with Copr first), never into settings.
  if (parsed.login && parsed.token) {
    const signIn = vscode.l10n.t('Sign In with Its Token');
    void showInformation(imported, signIn).then((choice) => {
      if (choice === signIn) return vscode.commands.executeCommand('copr.signIn', { useConfigFile: true });
    });
  } else {
    void showInformation(imported);
  }
  return true;
}

async function addProject(deps: SettingsDeps): Promise<void> {
  const s = deps.settings();
  let owner = s.owner;
  if (!owner) {
    owner = (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Add Copr Project'),
        prompt: vscode.l10n.t('Whose projects? A Copr user name or @group.'),
        validateInput: (v) => (/^@?[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(v.trim()) ? undefined : vscode.l10n.t('A user name or @group')),
      })
    )?.trim();
    if (!owner) return;
  }
  const picked = await vscode.window.showQuickPick(
    (async () => {
      try {
        const projects = await deps.listProjects(owner);
        return projects.map((p) => ({ label: labelText(p.full_name), fullName: p.full_name, description: vscode.l10n.t('{0} chroots', p.chroots.length) }));
      } catch (e) {
        deps.log.error(`Could not list the projects of ${owner}: ${e instanceof Error ? e.message : String(e)}`);
        void showError(vscode.l10n.t('Could not list the projects of {0}: {1}', owner, e instanceof Error ? e.message : String(e)));
        return [];
      }
    })(),
    { title: vscode.l10n.t('Add Copr Project'), placeHolder: vscode.l10n.t('Projects of {0}', owner), matchOnDescription: true },
  );
  if (!picked) return;
  const projects = [...s.projects];
  if (!projects.includes(picked.fullName)) projects.push(picked.fullName);
  await config().update('projects', projects, vscode.ConfigurationTarget.Global);
}

async function filterByState(deps: SettingsDeps): Promise<void> {
  const current = deps.settings().stateFilter;
  const items = ALL_STATES.map((state) => ({
    label: stateWords(state),
    state,
    iconPath: stateIcon(state),
    picked: current.length === 0 || current.includes(state),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Show build tasks in these states'),
  });
  if (!picked) return;
  const states: TaskState[] = picked.length === ALL_STATES.length ? [] : picked.map((p) => p.state);
  await config().update('stateFilter', states, vscode.ConfigurationTarget.Global);
}
