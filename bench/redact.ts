/**
 * Redaction speed: the common case (a tool's arguments, a line of text) and hostile input. Every
 * detector is run over 1 MiB strings built to make a backtracking pattern slow: its own matches
 * repeated, cut short, and stripped to their first characters, plus runs of the characters its
 * patterns consume. A linear scan stays near the cost of ordinary text; a quadratic one would take
 * minutes. Part of `npm run bench`; on its own: `npx tsx bench/redact.ts` (BENCH_VERBOSE=1 lists
 * every hostile string's time).
 *
 * Targets: 1 KiB of ordinary arguments in under 50 µs; no 1 MiB string slower than 1 s (any
 * string up to the 64 MiB message cap then stays within about a minute, and real ones far below).
 */
import { pathToFileURL } from 'node:url';
import { findSecrets, redact, redactText } from '../main/redact';
import { detectors } from '../main/redact/scan';
import { plainCorpus } from '../test/fixtures/secrets/plain-corpus';
import { secretCorpus } from '../test/fixtures/secrets/secret-corpus';

const MIB = 1 << 20;
const COMMON_TARGET_US = 50;
const HOSTILE_TARGET_MS = 1000;

function fill(unit: string): string {
  return unit.length === 0 ? '' : unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);
}

function timeMs(run: () => unknown, reps = 1): number {
  run();
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    for (let i = 0; i < reps; i++) run();
    best = Math.min(best, (performance.now() - started) / reps);
  }
  return best;
}

/** Strings that stress one detector: built from the texts it matched in the corpus. */
function hostileInputs(): Map<string, string> {
  const inputs = new Map<string, string>();
  const texts = secretCorpus().map((s) => (typeof s.input === 'string' ? s.input : JSON.stringify(s.input)));
  for (const detector of detectors) {
    const regex = new RegExp(detector.source, 'g');
    const match = texts.map((t) => t.match(regex)?.[0]).find((m) => m !== undefined);
    if (!match) continue;
    inputs.set(`${detector.kind}: match repeated`, fill(match));
    inputs.set(`${detector.kind}: match cut short, repeated`, fill(match.slice(0, -1)));
    inputs.set(`${detector.kind}: first 3 chars repeated`, fill(match.slice(0, 3)));
    inputs.set(`${detector.kind}: first half repeated`, fill(match.slice(0, Math.ceil(match.length / 2))));
    inputs.set(
      `${detector.kind}: first half, then one long run`,
      match.slice(0, Math.ceil(match.length / 2)) + fill(match.at(-1)!),
    );
  }
  for (const unit of [
    'a',
    '0',
    '-',
    '_',
    '.',
    ':',
    '=',
    '"',
    "'",
    '\\',
    ' ',
    '\n',
    '@',
    '/',
    '~',
    'A',
    'f0',
    'password=',
    'password:',
    '"password":"',
    '\\"password\\":\\"',
    'token_count=',
    'mapping=',
    'pin:pin=',
    '--token ',
    '--password-file ',
    '<password>',
    'https://a:',
    'a://',
    '://a:b',
    'user:pass@',
    '-----BEGIN PRIVATE KEY-----',
    'Basic ',
    'Bearer ',
    'Cookie: ',
    'login a password ',
    'mysql ',
    'curl -u ',
    'sshpass ',
    'aws configure set ',
    'eyJ',
    'eyJa.',
    'AKIA',
    '1//0',
    'sk-',
    'Q~',
    '123456789:AA',
    'sig=',
    '?sig=',
    'xoxb-',
    'SG.',
    'key-',
    'AUTH PLAIN ',
  ]) {
    inputs.set(`run of ${JSON.stringify(unit)}`, fill(unit));
  }
  return inputs;
}

export interface RedactionBenchResult {
  lines: string[];
  met: boolean;
}

export function benchRedaction(): RedactionBenchResult {
  const plain = plainCorpus()
    .map((s) => (typeof s.input === 'string' ? s.input : JSON.stringify(s.input)))
    .join('\n');
  const args = { path: '/home/dev/project/src/index.ts', content: plain.slice(0, 1024), mode: 'overwrite' };
  const argsUs = timeMs(() => redact(args), 2000) * 1000;
  const echoUs = timeMs(() => redact({ message: 'x'.repeat(1024) }), 2000) * 1000;
  const ordinaryMs = timeMs(() => redactText(fill(plain)));
  let worst = { name: '', ms: 0 };
  for (const [name, input] of hostileInputs()) {
    const ms = timeMs(() => findSecrets(input));
    if (ms > worst.ms) worst = { name, ms };
    if (process.env.BENCH_VERBOSE) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${name}`);
  }
  const met = argsUs < COMMON_TARGET_US && worst.ms < HOSTILE_TARGET_MS;
  return {
    met,
    lines: [
      `Redaction (${detectors.length} detectors): 1 KiB of ordinary arguments ${argsUs.toFixed(1)} µs, ` +
        `the benchmark's 1 KiB echo ${echoUs.toFixed(1)} µs, 1 MiB of ordinary text ${ordinaryMs.toFixed(1)} ms`,
      `Redaction of hostile 1 MiB strings: slowest ${worst.ms.toFixed(1)} ms (${worst.name}). ` +
        `Targets: 1 KiB < ${COMMON_TARGET_US} µs, 1 MiB < ${HOSTILE_TARGET_MS} ms → ${met ? 'met' : 'MISSED'}`,
    ],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = benchRedaction();
  console.log(result.lines.join('\n'));
  if (!result.met) process.exitCode = 1;
}
