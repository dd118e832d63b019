import { describe, expect, it } from 'vitest';
import { REDACTED, findSecrets, redact, redactText } from '../../../main/redact';
import { plainCorpus } from '../../fixtures/secrets/plain-corpus';
import { secretCorpus, type Sample } from '../../fixtures/secrets/secret-corpus';

/**
 * Recall and precision of redaction over the corpora in test/fixtures/secrets. Recall: secrets
 * completely removed / secrets. Precision: redactions that touched a secret / all redactions,
 * counting every redaction made in the secret-free corpus as a false positive.
 */
interface Tally {
  secrets: number;
  removed: number;
  redactions: number;
  onSecrets: number;
  misses: string[];
  falseHits: string[];
}

const tally = (): Tally => ({
  secrets: 0,
  removed: 0,
  redactions: 0,
  onSecrets: 0,
  misses: [],
  falseHits: [],
});

/** Each redaction made in a text: whether it touched a secret. Each secret: whether all of it went. */
function judgeText(text: string, secrets: string[], t: Tally, label: string): void {
  const findings = findSecrets(text);
  expect(redactText(text).split(REDACTED).length - 1).toBe(findings.length);
  const occurrences = secrets.flatMap((s) => positions(text, s).map((at) => [at, at + s.length] as const));
  for (const f of findings) {
    t.redactions++;
    if (occurrences.some(([start, end]) => f.start < end && start < f.end)) t.onSecrets++;
    else
      t.falseHits.push(`${label}: ${f.kind} took ${JSON.stringify(text.slice(f.start, f.end).slice(0, 60))}`);
  }
  for (const [start, end] of occurrences) {
    if (findings.some((f) => f.start <= start && end <= f.end)) continue;
    t.misses.push(`${label}: ${JSON.stringify(text.slice(Math.max(0, start - 30), end + 10))}`);
    t.removed--;
  }
}

function positions(text: string, part: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) found.push(at);
  return found;
}

/** A value and its redacted copy side by side: whole values replaced by name, and text inside strings. */
function judgeValue(value: unknown, redacted: unknown, secrets: string[], t: Tally, label: string): void {
  if (redacted === REDACTED && value !== REDACTED) {
    t.redactions++;
    const text = JSON.stringify(value);
    if (secrets.some((s) => text.includes(s))) t.onSecrets++;
    else t.falseHits.push(`${label}: a value under its name: ${text.slice(0, 60)}`);
    return;
  }
  if (typeof value === 'string') {
    expect(redacted).toBe(redactText(value));
    judgeText(value, secrets, t, label);
    return;
  }
  if (value && typeof value === 'object') {
    const pairs = Object.values(value);
    const out = Object.values(redacted as object);
    pairs.forEach((v, i) => judgeValue(v, out[i], secrets, t, label));
  }
}

function judge(input: Sample['input'], secrets: string[], t: Tally, label: string): void {
  const before = t.misses.length;
  const count = secrets.reduce(
    (n, s) => n + (typeof input === 'string' ? positions(input, s).length : leafCount(input, s)),
    0,
  );
  t.secrets += count;
  t.removed += count;
  if (typeof input === 'string') judgeText(input, secrets, t, label);
  else judgeValue(input, redact(input), secrets, t, label);
  // Whatever the accounting above says, the secret itself must not be in the output.
  const out = typeof input === 'string' ? redactText(input) : JSON.stringify(redact(input));
  for (const s of secrets) {
    if (
      out.includes(typeof input === 'string' ? s : JSON.stringify(s).slice(1, -1)) &&
      t.misses.length === before
    ) {
      t.misses.push(`${label}: still in the output`);
      t.removed--;
    }
  }
}

function leafCount(value: unknown, secret: string): number {
  if (typeof value === 'string') return positions(value, secret).length;
  if (value && typeof value === 'object')
    return Object.values(value).reduce<number>((n, v) => n + leafCount(v, secret), 0);
  return 0;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;

describe('redaction over the secret and secret-free corpora', () => {
  const secrets = secretCorpus();
  const plain = plainCorpus();
  const byKind = new Map<string, Tally>();
  for (const s of secrets) {
    const t = byKind.get(s.kind) ?? tally();
    byKind.set(s.kind, t);
    judge(s.input, s.secrets, t, `${s.kind}/${s.context}`);
  }
  const plainByKind = new Map<string, Tally>();
  for (const s of plain) {
    const t = plainByKind.get(s.kind) ?? tally();
    plainByKind.set(s.kind, t);
    judge(s.input, [], t, `plain/${s.kind}`);
  }
  const total = [...byKind.values(), ...plainByKind.values()].reduce((a, t) => ({
    ...a,
    secrets: a.secrets + t.secrets,
    removed: a.removed + t.removed,
    redactions: a.redactions + t.redactions,
    onSecrets: a.onSecrets + t.onSecrets,
    misses: [...a.misses, ...t.misses],
    falseHits: [...a.falseHits, ...t.falseHits],
  }));

  const rows = [
    ...[...byKind].map(([kind, t]) => [
      kind,
      t.secrets,
      percent(t.removed, t.secrets),
      percent(t.onSecrets, t.redactions),
    ]),
    ...[...plainByKind].map(([kind, t]) => [`(no secret) ${kind}`, 0, '—', `${t.redactions} false`]),
    [
      'overall',
      total.secrets,
      percent(total.removed, total.secrets),
      percent(total.onSecrets, total.redactions),
    ],
  ];
  console.log(
    `Redaction: ${byKind.size} kinds of secret in ${secrets.length} samples, ${plain.length} samples without one\n` +
      `${'kind'.padEnd(34)}${'secrets'.padStart(8)}${'recall'.padStart(9)}${'precision'.padStart(11)}\n` +
      rows
        .map(
          ([k, n, r, p]) =>
            `${String(k).padEnd(34)}${String(n).padStart(8)}${String(r).padStart(9)}${String(p).padStart(11)}`,
        )
        .join('\n'),
  );

  it('covers at least 30 kinds of secret, several samples each', () => {
    expect(byKind.size).toBeGreaterThanOrEqual(30);
    for (const [kind, t] of byKind) expect(t.secrets, kind).toBeGreaterThanOrEqual(6);
  });

  it('removes every secret in the corpus completely', () => {
    expect(total.misses).toEqual([]);
    expect(total.removed).toBe(total.secrets);
  });

  it('redacts nothing in the secret-free corpus', () => {
    expect(total.falseHits).toEqual([]);
  });

  it('keeps precision at or above 99%', () => {
    expect(total.onSecrets / total.redactions).toBeGreaterThanOrEqual(0.99);
  });
});
