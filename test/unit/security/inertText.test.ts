// Issue 20 (1, 4): text from the server or a log never becomes a command link in a message, nor an icon or markup in
// a label or tooltip, nor hides behind bidi or invisible characters. Property tests (fast-check, fixed seed) with
// nested brackets, escapes, Unicode look-alikes and very long input, plus the lint rule that keeps every message
// API call behind src/ui/messages.ts.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { ESLint } from 'eslint';
import { inertMessageText, labelText, markdownText, MAX_MESSAGE_CHARS, stripInvisible } from '../../../src/common/displayText';

const SEED = 20250806;
const runs = Number(process.env.FUZZ_RUNS) || 500;

/** VS Code's link syntax in message text (workbench `parseLinkedText`), copied from code-server 4.139.1. */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** Looser: any `](`, also after dropping invisibles and folding look-alikes (a later layer could do either). */
const hasLink = (text: string) => {
  VSCODE_LINK.lastIndex = 0;
  if (VSCODE_LINK.test(text)) return true;
  const folded = stripInvisible(text.normalize('NFKC'));
  return folded.includes('](');
};

const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\u0000', '\u0007', '\u001b', '\u0085', '\u009b', '\u2060', '\u00ad'];
const PIECES = [
  '[', ']', '(', ')', '\\', '\\[', '\\]', '](', '[Open](command:workbench.action.quickOpen?%22pwned%22)', 'command:', 'https://x.org/', 'file:///etc/passwd',
  '"', "'", ' ', '［', '］', '（', '）', '﹝', '﹞', '⁅', '⁆', '❲', '❳', '〔', '〕', '$(', '$(verified-filled)', '\\$(', ')', '`', '*', '_', '<', '>', '&', '#',
  ...INVISIBLES,
];
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((p) => p.join('')),
  fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 30 }).map((p) => p.join('')),
);

describe('security: inert text for messages, labels and tooltips', () => {
  it('the reported failure reason is no link any more, and reads the same', () => {
    const reason = "No matching package to install: '[Open the build log](command:workbench.action.quickOpen?\"pwned\")'";
    const out = inertMessageText(reason);
    assert.equal(hasLink(out), false);
    assert.equal(out, "No matching package to install: '[Open the build log] (command:workbench.action.quickOpen?\"pwned\")'");
  });

  it('nested brackets, escaped brackets, fullwidth look-alikes and invisibles between ] and ( make no link', () => {
    for (const s of [
      '[a[b](command:x)](command:y)',
      '[[x]](command:x)',
      '\\[x\\](command:x)',
      '[x\\](command:x)',
      '［x］（command:x）',
      '[x]\u200b(command:x)',
      '[x]\u202e(command:x)',
      '[x]\ufeff(command:x)',
      '[x]﻿(command:x)',
      `[x](command:x "title")`,
    ]) {
      const out = inertMessageText(s);
      assert.equal(hasLink(out), false, `${JSON.stringify(s)} → ${JSON.stringify(out)}`);
    }
  });

  it('property: no message text that comes out is a link; output is capped, idempotent, and prose passes unchanged', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = inertMessageText(s);
        assert.equal(hasLink(out), false, JSON.stringify(out));
        assert.ok(out.length <= MAX_MESSAGE_CHARS);
        assert.equal(inertMessageText(out), out);
      }),
      { seed: SEED, numRuns: runs },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 .,:;'"!?/-]{0,200}$/), (s) => assert.equal(inertMessageText(s), s.replace(/[\t\n\r]+/g, ' '))),
      { seed: SEED, numRuns: runs },
    );
  });

  it('very long input (10 MB of brackets) is capped and stays inert', () => {
    const long = '[x](command:pwned)'.repeat(600_000);
    const out = inertMessageText(long);
    assert.ok(out.length <= MAX_MESSAGE_CHARS);
    assert.equal(hasLink(out), false);
  });

  it('property: labels never hold an unescaped $( icon, nor bidi or invisible characters', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = labelText(s);
        // VS Code's renderLabelWithIcons: `(\\)?\$\(name\)`; an icon is a match without the backslash.
        for (const m of out.matchAll(/(\\)?\$\(/g)) assert.ok(m[1] === '\\', `unescaped $( in ${JSON.stringify(out)}`);
        for (const c of INVISIBLES) assert.ok(!out.includes(c), `${JSON.stringify(c)} kept in ${JSON.stringify(out)}`);
      }),
      { seed: SEED, numRuns: runs },
    );
  });

  it('a package named hello$(verified-filled) is shown as typed, without an icon, in a label and in a tooltip', () => {
    assert.equal(labelText('hello$(verified-filled)'), 'hello\\$(verified-filled)');
    // Markdown first turns `\\\$\(` into the text `\$(`, and the icon pass then shows `$(` as typed.
    assert.equal(markdownText('hello$(verified-filled)'), 'hello\\\\\\$\\(verified\\-filled\\)');
    assert.equal(markdownText('x\u202e[y](command:z)'), 'x\\[y\\]\\(command:z\\)');
  });

  it('ESLint refuses a message API call outside src/ui/messages.ts, in every spelling', async () => {
    const eslint = new ESLint({ cwd: join(__dirname, '../../../..') });
    const code = [
      "import * as vscode from 'vscode';",
      "void vscode.window.showErrorMessage('x');",
      "void vscode.window['showWarningMessage']('x');",
      'const { showInformationMessage } = vscode.window;',
      'void showInformationMessage;',
    ].join('\n');
    const [outside] = await eslint.lintText(code, { filePath: join(__dirname, '../../../../src/commands/zz-outside.ts') });
    const refused = outside.messages.filter((m) => m.ruleId === 'no-restricted-properties');
    assert.equal(refused.length, 3, JSON.stringify(outside.messages));
    const [inside] = await eslint.lintText(code, { filePath: join(__dirname, '../../../../src/ui/messages.ts') });
    assert.equal(inside.messages.filter((m) => m.ruleId === 'no-restricted-properties').length, 0);
  });
});
