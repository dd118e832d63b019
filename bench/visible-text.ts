/**
 * The cost of showing text escaped: `visibleText` on the worst input the dashboard shows (the
 * arguments of a call, which the gateway cuts at 64 KiB, made of nothing but characters it
 * escapes), the same at 1 MiB to show the cost stays linear, an ordinary tool name, and the CLI's
 * `audit` table at its 5,000-row limit. Targets: 64 KiB worst case under 50 ms, a name under 1 µs,
 * the full table under 250 ms.
 */
import { table } from '../main/cli/output';
import { visibleText } from '../shared/visible-text';

export interface VisibleBenchResult {
  worstMs: number;
  worstMiBMs: number;
  nameUs: number;
  tableMs: number;
  met: boolean;
}

function timeMs(run: () => void, repeat: number): number {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

export function benchVisibleText(): VisibleBenchResult {
  const tricks = ['\x1b', '\u202e', '\u200b', '\n', '\u{E0041}', '\uD800', '\u0301'];
  let worst = '';
  while (worst.length < 1024 * 1024) worst += tricks[worst.length % tricks.length];
  const worst64 = worst.slice(0, 64 * 1024);
  const worstMs = timeMs(() => visibleText(worst64), 9);
  const worstMiBMs = timeMs(() => visibleText(worst), 3);

  const names = Array.from({ length: 100_000 }, (_, i) => `read_file_${i % 100}`);
  const nameUs = (timeMs(() => names.forEach((n) => visibleText(n)), 5) * 1000) / names.length;

  const rows = Array.from({ length: 5000 }, (_, i) => [
    i,
    new Date(0).toISOString(),
    'claude-desktop',
    'filesystem',
    i % 10 ? 'read_file' : 'invoice\u202etxt.exe',
    'allow',
    'servers.filesystem.tools.read_*',
    '1.2',
    i % 7 ? null : '-32000 \x1b[2Jgood\rbad',
    null,
  ]);
  const headers = [
    'id',
    'time',
    'client',
    'server',
    'tool',
    'decision',
    'rule',
    'latency_ms',
    'error',
    'detail',
  ];
  const tableMs = timeMs(() => table(headers, rows), 5);
  return { worstMs, worstMiBMs, nameUs, tableMs, met: worstMs < 50 && nameUs < 1 && tableMs < 250 };
}
