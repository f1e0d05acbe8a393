// Bench-style measurement, not a test: how fast the classifier reads a ~100 MB log.
// Run: npx tsc -p tsconfig.test.json && node out/test/unit/triage/throughput.js

import { classifyFailure } from '../../../src/triage/classifier';
import { readLog } from './fixtures';

export interface ThroughputResult {
  megabytes: number;
  lines: number;
  seconds: number;
  megabytesPerSecond: number;
  /** CPU time (user + system) of the process: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  megabytesPerCpuSecond: number;
  category: string;
}

/** Builds a log of about `targetMegabytes` (a long, noisy %build) ending in a real failure, and times one classification. */
export function measureThroughput(targetMegabytes = 100): ThroughputResult {
  const filler = [
    '[2113/4822] /usr/bin/g++ -DQT_CORE_LIB -O2 -flto=auto -g -grecord-gcc-switches -pipe -Wall -c src/corelib/text/qstring.cpp -o src/corelib/CMakeFiles/Core.dir/text/qstring.cpp.o',
    'src/corelib/text/qstring.cpp:88:9: warning: unused variable \'sign\' [-Wunused-variable]',
    '   88 |     int sign = 1;',
    '      |         ^~~~',
    'tests/test_io.py::test_large_file PASSED                                 [ 46%]',
    'DEBUG util.py:446:  Copr repository                                  27 kB/s | 1.8 kB     00:00',
    'checking for strerror_r... yes',
    '+ install -m 0644 -p build/lib/foo/error_codes.py /builddir/build/BUILDROOT/usr/lib/python3.14/site-packages/foo/',
  ].join('\n');
  const failure = readLog('gcc-build-error.builder-live.log');
  const head = failure.slice(0, failure.indexOf('make[1]: Entering directory'));
  const tail = failure.slice(failure.indexOf('make[1]: Entering directory'));
  const repeats = Math.ceil((targetMegabytes * 1024 * 1024) / (filler.length + 1));
  // A fetched log arrives as one flat string (TextDecoder); a concatenated one is a rope that V8
  // would flatten on every indexOf, which is not what the extension sees.
  const log = Buffer.from(head + `${filler}\n`.repeat(repeats) + tail, 'utf8').toString('utf8');

  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const reason = classifyFailure({ builderLive: log });
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const megabytes = log.length / (1024 * 1024);
  return {
    megabytes,
    lines: repeats * 8,
    seconds,
    megabytesPerSecond: megabytes / seconds,
    cpuSeconds,
    megabytesPerCpuSecond: megabytes / cpuSeconds,
    category: `${reason.category} (${reason.summary})`,
  };
}

if (require.main === module) {
  for (let run = 0; run < 3; run++) {
    const r = measureThroughput(Number(process.env.TRIAGE_MB) || 100);
    console.log(
      `${r.megabytes.toFixed(1)} MB, ${r.lines} lines in ${r.seconds.toFixed(2)} s wall (${r.megabytesPerSecond.toFixed(1)} MB/s), ` +
        `${r.cpuSeconds.toFixed(2)} s CPU (${r.megabytesPerCpuSecond.toFixed(1)} MB/CPU-s) → ${r.category}`,
    );
  }
  console.log(`heap used: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`);
}
