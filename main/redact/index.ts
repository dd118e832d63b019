import { findSecrets } from './scan';
import { isSecretName } from './secret-names';

/**
 * Secrets stay out of the audit log and the UI. Text is searched for secrets by their shape (vendor
 * token formats, private keys, JWTs), by their place (a URL's password, an auth header, a command's
 * password flag) and by their name (`PGPASSWORD=…`, `"ssh_key": "…"`); structured values also by
 * the name of their key. Only the secret is replaced, so the rest still reads. This is pattern
 * matching: it catches the common shapes, not every secret a program can print.
 */
export const REDACTED = '[REDACTED]';

export { findSecrets } from './scan';
export { isSecretName } from './secret-names';

export function redactText(text: string): string {
  const findings = findSecrets(text);
  if (findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (const { start, end } of findings) {
    out += text.slice(at, start) + REDACTED;
    at = end;
  }
  return out + text.slice(at);
}

const MAX_DEPTH = 32;
/** A key shorter than this cannot hold a token; most keys are, and a big document has many. */
const MIN_TOKEN_IN_KEY = 16;

/**
 * A copy of `value` with secrets replaced: whole values under secret names (`password`,
 * `accessToken`, `x-api-key`, not `max_tokens`), and secrets inside any string, key names included.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[TOO DEEP]';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    // No prototype: a key named `__proto__` is kept as a key, not swallowed by the setter.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const repeats = new Map<string, number>();
    for (const [key, v] of Object.entries(value)) {
      out[shownKey(out, key, repeats)] = hidesSecret(key, v) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * A key as recorded. Two keys that redact to the same text both stay (`[REDACTED]`,
 * `[REDACTED] (2)`), so no argument can hide from the record behind another's name.
 */
function shownKey(out: Record<string, unknown>, key: string, repeats: Map<string, number>): string {
  const shown = key.length >= MIN_TOKEN_IN_KEY ? redactText(key) : key;
  let n = repeats.get(shown) ?? 1;
  let free = shown;
  while (Object.hasOwn(out, free)) free = `${shown} (${++n})`;
  repeats.set(shown, n);
  return free;
}

/** An empty value, or a flag, tells nothing even under a secret name. */
function hidesSecret(key: string, value: unknown): boolean {
  return value !== null && value !== '' && typeof value !== 'boolean' && isSecretName(key);
}

/** Redacted JSON text, cut at `maxChars` with a marker so a reader knows it was cut. */
export function redactedJson(value: unknown, maxChars = 64 * 1024): string {
  const text = JSON.stringify(redact(value)) ?? 'null';
  return text.length <= maxChars
    ? text
    : `${text.slice(0, maxChars)}…[truncated ${text.length - maxChars} chars]`;
}
