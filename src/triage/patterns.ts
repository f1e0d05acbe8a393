// The line shapes triage recognizes, as printed by mock 5/6, dnf 4/5, rpmbuild 4.19+ and copr-rpmbuild.
// Every pattern runs on one normalized line of at most MAX_LINE_CHARS characters; none has nested
// unbounded quantifiers, so a line costs at most a small multiple of its length.

/** Cheap gate: a line matching none of these words cannot match any rule below. */
export const MAYBE_INTERESTING =
  /error|fail|found|needed|match|space|timeout|exit status|executing|connect|closed|reset|download|curl|mirror|killed|traceback|exception|hunk|\*\*\*|^e {2}|^wrote:|^processing files|^\+ exit|^finish:|^start:|^rpm build|broken pipe|publickey|host key|resolve|librepo|memory|no route|dependencies|provides|providers|unable|cannot|can't|denied|invalid|illegal|bad |unknown|unclosed|%else|%endif|expired|synchroni|status code|problem|unpackaged|requires|stopped|undefined|quota|terminated|oom|builder|cancel|refused|timed out|unreachable|lookaside|not found|filesystem|no such file|fatal:|returned error|could not|requests get status|subdirectory|src\.rpm file|empty tag/i;

// --- missing build dependencies ---
export const FAILED_BUILD_DEPS = /^error: Failed build dependencies:/;
export const NEEDED_BY = /^(\S.*?) is needed by (\S+)$/;
export const NO_MATCHING_PACKAGE = /No matching package to install: '([^']+)'/;
export const NO_MATCH_FOR_ARGUMENT = /^(?:Error: )?No match for argument: (.+)$/;
export const UNABLE_TO_FIND_MATCH = /^Error: Unable to find a match: (.+)$/;
/** A dependency as dnf prints it: `name >= 1.2`, or a rich one in full: `(a >= 1 with a < 2)`, `(a if b)`, `(a or b)`. */
const DEPENDENCY = '(\\((?:[^()]|\\([^()]*\\))*\\)|\\S+(?: [<>=]{1,2} \\S+)?)';
export const NOTHING_PROVIDES = new RegExp(`nothing provides (?:requested )?${DEPENDENCY}(?: needed by |$)`);
export const NONE_OF_PROVIDERS = new RegExp(`requires ${DEPENDENCY}, but none of the providers can be installed`);
export const DEPS_CONTEXT =
  /^(?:Not all dependencies satisfied|Error: Some packages could not be found\.|Failed to resolve the transaction:|Problem: |Error: Unable to find a match|- nothing provides)/;

// --- sections ---
export const EXECUTING_SECTION = /^Executing\((%[\w-]{1,40})\)/;
export const BAD_EXIT_STATUS = /Bad exit status from \S+ \((%[\w-]{1,40})\)/;
/** Lines printed between or after rpmbuild sections: the previous section's output is over. */
export const SECTION_OVER =
  /^(?:Processing files:|Checking for unpackaged file|Wrote: |RPM build errors:|Finish: |Start: |\+ exit 0$|Provides: |Requires(?:\(\w+\))?: )/;

// --- error-looking lines (the cause of a failing section, or an unknown failure) ---
export const ERROR_LIKE = new RegExp(
  [
    '(?:^|[\\s:(])(?:fatal )?[Ee]rror(?:\\[\\w{1,10}\\])?:',
    '^ERROR[: ]',
    '(?:^|: )fatal: ',
    '^make(?:\\[\\d{1,4}\\])?: \\*\\*\\*',
    '^ninja: build stopped',
    '^FAILED\\b',
    '^E {2,}\\S',
    '^={3,} .*\\b(?:failed|errors?)\\b',
    '^Traceback \\(most recent call last\\)',
    '^[\\w.]{1,80}(?:Error|Exception)\\b',
    '^--- FAIL',
    '^FAIL\\b',
    'undefined reference to',
    'CMake Error',
    '^test result: FAILED',
    'Hunk #\\d+ FAILED',
    '^# FAIL: +[1-9]',
    'command not found',
    '^Killed\\b',
    'Bad exit status',
  ].join('|'),
);

/** A compiler's (or rustc's, or the linker's) own error: the first one is usually the cause. */
export const COMPILER_ERROR =
  /^\S+?:\d+(?::\d+)?: (?:fatal )?error: |^error\[E\d{1,5}\]: |undefined reference to |^collect2: error: |^CMake Error /;
export const TEST_SUMMARY = /^={3,} (.*\b(?:failed|errors?)\b.*?) ={3,}$/;
export const TEST_FAILED_LINE = /^(?:FAILED|FAIL:?|--- FAIL:?) \S/;
export const PYTHON_EXCEPTION = /^[\w.]{1,80}(?:Error|Exception): \S/;

// --- spec file errors (outside a running section) ---
export const SPEC_LINE_ERROR = /^error: line (\d{1,7}): (.*)$/;
/** `error: foo.spec:12: ...` and rpm 4.19+'s `error: /builddir/build/SPECS/foo.spec: line 12: ...`. */
export const SPEC_FILE_LINE_ERROR = /^error: \S*?\.spec:(?: line)? ?(\d{1,7}): (.*)$/;
export const SPEC_OTHER_ERROR = new RegExp(
  '^error: (' +
    [
      'Bad source',
      'Bad file',
      'Bad patch',
      'Bad syntax',
      'Unknown tag',
      '%changelog',
      'bad date in %changelog',
      'Macro %',
      'Unknown macro',
      'Unclosed %',
      'Unterminated',
      '%else',
      '%endif',
      '%if',
      '%patch',
      'parse error',
      'parseExpression',
      '(?:Name|Version|Release|Summary|License) field',
      'Package has no %description',
      'Unknown option',
      'Arch dependent binaries in noarch package',
      'Dependency tokens',
      'Invalid',
      'Illegal',
      'Unable to open \\S*\\.spec',
      'query of specfile',
      'Empty %files file',
      'File \\/\\S+: No such file or directory',
      'no spec file',
      'Failed to expand',
    ].join('|') +
    ').*$',
);

// --- %files against the buildroot ---
export const UNPACKAGED_FILES = /Installed \(but unpackaged\) file\(s\) found:/;
export const PATH_LINE = /^(\/\S*)/;
export const FILE_NOT_FOUND = /(?:^|\s)(?:File|Directory) not found(?: by glob)?: (\S+)/;

// --- not the package's fault ---
/** Disk full, in the words of the kernel, rpm's transaction check (dnf 4/5), yum and mock. */
export const NO_SPACE =
  /No space left on device|Disk quota exceeded|needs \d[\d.,]*\s?[KMGT]i?B (?:more space )?on the \S+ filesystem|more space needed on the \S+ filesystem|[Nn]ot enough (?:free )?(?:disk )?space|[Ii]nsufficient disk space/;
export const TIMEOUT =
  /!! Copr timeout|[Bb]uild timeout|[Bb]uild timeouted|commandTimeoutExpired|Timeout\(\d+\) expired|[Tt]imeout \(\d+s?\) expired/;
/** A kill at the configured timeout: only believed outside a running section (test suites say it too). */
export const KILLED_AFTER = /\b(?:killed|terminated) after \d+ ?(?:s|sec|secs|seconds)\b/i;
export const OUT_OF_MEMORY = /Cannot allocate memory|Out of memory|oom-kill|OOM killer/;
/** copr-backend's words when a cancel request stops a running chroot (it then reads `failed`). */
export const BUILD_CANCELED = /\bBuild was canceled\b|\bCancel request succeeded\b/;
export const LOST_BUILDER = new RegExp(
  [
    'Backend process error',
    'Connection reset by peer',
    'Connection closed',
    'Connection to \\S+ closed by remote host',
    'Unable to connect',
    'ssh: connect to host',
    'ssh: Could not resolve',
    'Broken pipe',
    'Host key verification failed',
    'Permission denied \\(publickey',
    'No route to host',
    'Lost connection',
    '[Bb]uilder (?:\\S+ )?(?:is )?(?:unreachable|not responding|lost|died)',
    'Failed to allocate',
    "Can't allocate",
    'rsync error',
  ].join('|'),
);
export const DOWNLOAD_FAILED = new RegExp(
  [
    "Errors during downloading metadata for repository '([^']*)'",
    "Failed to download metadata for repo '([^']*)'",
    'Cannot download repomd\\.xml',
    'Curl error \\(\\d+\\)',
    'Cannot download',
    'Librepo error',
    'All mirrors were tried',
    'Failed to download',
    'Cannot prepare internal mirrorlist',
    'Could not resolve host',
    'Temporary failure in name resolution',
    'Failed to synchronize cache',
    'RPC failed',
    'Status code: 5\\d\\d',
    'Requests get status "5\\d\\d"',
    '[Tt]he remote end hung up unexpectedly',
    // curl's and git's network failures, and dist-git / lookaside outages
    'Failed to connect to \\S+ port \\d+',
    "Couldn't connect to server",
    'Connection (?:refused|timed out)',
    'Operation timed out',
    'Network is unreachable',
    "unable to access '[^']*': (?!The requested URL returned error: 4)",
    'returned error: 5\\d\\d',
    '(?:502 Bad Gateway|503 Service Unavailable|504 Gateway Time-?out)',
    '[Ll]ookaside\\b.*(?:fail|error|unavailable)|(?:[Cc]annot|[Cc]an\'t|[Ff]ailed to) download .*\\blookaside',
    'dist-git (?:is )?(?:unavailable|down|not responding)',
  ].join('|'),
);

// --- mock's and copr-rpmbuild's own closing errors ---
export const MOCK_ERROR = /^(?:ERROR: |Copr build error: )/;

/** rpm's own error lines (lower case), as opposed to dnf's "Error:" and mock's "ERROR:". */
export const RPM_ERROR = /^error: \S/;

/**
 * "/builddir/build/BUILDROOT/foo-1.2-3.fc44.x86_64/usr/bin/foo" (rpm < 4.20) and
 * "/builddir/build/BUILD/foo-1.2-build/BUILDROOT/usr/bin/foo" (rpm 4.20+) and
 * "/var/tmp/foo-1.2-3-root-mockbuild/usr/bin/foo" (old BuildRoot: tag) → "/usr/bin/foo".
 */
export function stripBuildroot(path: string): string {
  // rpm before 4.6 (and specs that still set BuildRoot:) built into %{_tmppath}/%{name}-%{version}-%{release}-root[-user].
  const old = /^\/var\/tmp\/[^/]+-root(?:-[^/]+)?(?=\/)/.exec(path);
  if (old) {
    return path.slice(old[0].length);
  }
  const marker = path.indexOf('/BUILDROOT/');
  if (marker < 0) {
    return path;
  }
  const rest = path.slice(marker + '/BUILDROOT'.length);
  const next = rest.indexOf('/', 1);
  const first = next < 0 ? rest.slice(1) : rest.slice(1, next);
  // An old-style per-package buildroot directory looks like a NEVRA: name-version-release.arch.
  if (/^[^/]+-[^/-]+-[^/-]+\.[a-z0-9_]+$/.test(first)) {
    return next < 0 ? '/' : rest.slice(next);
  }
  return rest;
}
