// The details page's only script (loaded with the CSP nonce). It posts what the person clicked; the extension
// validates every message before acting. It never builds markup and never reads server data except through
// data-* attributes the renderer escaped.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const body = document.body;
  const buildId = Number(body.dataset.buildId);
  const chroot = body.dataset.chroot || '';
  // Lets VS Code restore the panel after a reload (the serializer validates it again).
  if (Number.isInteger(buildId) && buildId > 0 && chroot) vscode.setState({ buildId: buildId, chroot: chroot });

  document.addEventListener('click', function (event) {
    const target = event.target instanceof Element ? event.target.closest('button[data-command]') : null;
    if (!target || target.disabled) return;
    const message = { command: target.dataset.command };
    if (target.dataset.log) message.log = target.dataset.log;
    if (target.dataset.line) message.line = Number(target.dataset.line);
    if (target.dataset.chroot) message.chroot = target.dataset.chroot;
    vscode.postMessage(message);
  });
})();
