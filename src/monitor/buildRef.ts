// Turns what a person pastes into "Watch Build…" into a build id: `123`, `#123`, or a Copr build URL such as
// https://copr.fedorainfracloud.org/coprs/alice/hello/build/123/ or …/coprs/g/group/proj/build/123/.

const MAX_BUILD_ID = 2 ** 31 - 1;

export function parseBuildRef(text: string): number | undefined {
  const trimmed = text.trim();
  const bare = /^#?(\d{1,10})$/.exec(trimmed);
  if (bare) return validId(bare[1]);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // Web UI: /coprs/[g/]owner/project/build/<id>/ and /coprs/build/<id>/; API: /api_3/build/<id>, /api_2/builds/<id>.
  const m = /\/(?:build|builds)\/(\d{1,10})\/?$/.exec(url.pathname);
  return m ? validId(m[1]) : undefined;
}

function validId(digits: string): number | undefined {
  const id = Number(digits);
  return id > 0 && id <= MAX_BUILD_ID ? id : undefined;
}
