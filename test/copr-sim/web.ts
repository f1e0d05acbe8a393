// The web pages a user opens from the extension: a build's page, user and group forms.

import { buildAt } from './model';
import { escapeHtml, html, htmlNotFound, type SimRequest, type SimResponse } from './http';
import { resultDirUrl } from './views';
import type { World } from './world';

export function buildPagePath(owner: string, project: string, id: number): string {
  return owner.startsWith('@') ? `/coprs/g/${owner.slice(1)}/${project}/build/${id}/` : `/coprs/${owner}/${project}/build/${id}/`;
}

export function handleWeb(world: World, base: string, req: SimRequest): SimResponse {
  const path = req.path.endsWith('/') ? req.path : `${req.path}/`;
  let m = /^\/coprs\/build\/(\d+)\/$/.exec(path);
  if (m) {
    const b = world.builds.get(Number(m[1]));
    if (!b) return htmlNotFound();
    return { status: 302, headers: { location: buildPagePath(b.project.owner, b.project.name, b.id) }, body: Buffer.alloc(0) };
  }
  m = /^\/coprs\/(?:g\/([^/]+)|([^/]+))\/([^/]+)\/build\/(\d+)\/$/.exec(path);
  if (!m) return htmlNotFound();
  const owner = m[1] !== undefined ? `@${decodeURIComponent(m[1])}` : decodeURIComponent(m[2] as string);
  const project = decodeURIComponent(m[3] as string);
  const b = world.builds.get(Number(m[4]));
  if (!b || b.project.owner !== owner || b.project.name !== project) return htmlNotFound();
  const v = buildAt(b, req.now);
  const rows = v.chroots.map((c) => {
    const name = escapeHtml(c.rec.name);
    const link = c.hasResultDir ? `<a href="${escapeHtml(resultDirUrl(base, b, c.rec.name))}">${name}</a>` : name;
    return `<tr><td>${link}</td><td class="state-${c.state}">${c.state}</td></tr>`;
  });
  const title = `Build ${b.id} in ${owner}/${project}`;
  return html(200, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Package: ${escapeHtml(v.imported ? `${b.pkg}-${b.version}` : 'not yet imported')}</p>
<p>State: <span id="build-state" class="state-${v.state}">${v.state}</span></p>
<table><thead><tr><th>Chroot</th><th>State</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`);
}
