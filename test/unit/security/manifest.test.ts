// Issue 20 (2): a cloned repository's .vscode/settings.json must not choose the Copr server, nor text that the
// extension echoes, while the workspace is untrusted. VS Code skips a workspace's values of the settings listed in
// `restrictedConfigurations` in Restricted Mode (its configuration service loads workspace settings with
// `skipRestricted` while untrusted), and the extension reads settings only through getConfiguration, so listing them is
// the whole fix. The rule tested here: every free-text setting (a string or a list of strings without an enum) is
// restricted, so a setting added later is restricted unless it is a closed choice.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Property {
  type?: string;
  enum?: unknown[];
  items?: { type?: string; enum?: unknown[] };
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../../package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations?: string[]; description?: string } };
  contributes: { configuration: { properties: Record<string, Property> } };
};

describe('security: settings from an untrusted workspace', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;

  it('Restricted Mode is "limited", with a description of what is limited', () => {
    assert.equal(trust.supported, 'limited');
    assert.ok((trust.description ?? '').length > 20);
  });

  it('copr.url, copr.owner and copr.projects are restricted', () => {
    for (const key of ['copr.url', 'copr.owner', 'copr.projects']) assert.ok(trust.restrictedConfigurations?.includes(key), key);
  });

  it('every free-text setting is restricted; every restricted name is a real setting', () => {
    const props = manifest.contributes.configuration.properties;
    const freeText = Object.entries(props)
      .filter(([, p]) => (p.type === 'string' && !p.enum) || (p.type === 'array' && p.items?.type === 'string' && !p.items.enum))
      .map(([key]) => key);
    for (const key of freeText) assert.ok(trust.restrictedConfigurations?.includes(key), `${key} is free text but not restricted`);
    for (const key of trust.restrictedConfigurations ?? []) assert.ok(key in props, `${key} is not a setting`);
  });
});
