/**
 * Secrets never reach the audit log or the live view. Values are redacted by the name of their key
 * and by their own shape (well-known token formats), recursively.
 */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'apikey',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'cookies',
  'pin',
  'otp',
  'signature',
  'bearer',
  'privatekey',
  'accesskey',
  'sessionid',
]);
const SECRET_PAIRS = new Set([
  'api key',
  'private key',
  'access key',
  'secret key',
  'session id',
  'client secret',
]);

/** Whole words of a key (camelCase, snake_case, kebab-case): `max_tokens` is not a secret, `accessToken` is. */
function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w, i) => SECRET_WORDS.has(w) || (i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${w}`)));
}

const SECRET_VALUE_PATTERNS = [
  /\bsk-[A-Za-z0-9_-]{16,}/, // OpenAI / Anthropic style keys
  /\bgh[pousr]_[A-Za-z0-9]{20,}/, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/, // Slack
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{30,}/, // Google API key
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, // JWT
  // The whole block, through its END line (or the end of the text): the body is the secret.
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/,
  /\b[Bb][Ee][Aa][Rr][Ee][Rr]\s+[A-Za-z0-9._~+/=-]{12,}/,
];
/** One alternation: a single scan per string instead of one per pattern (this runs on every call). */
const SECRET_VALUE = new RegExp(SECRET_VALUE_PATTERNS.map((re) => `(?:${re.source})`).join('|'), 'g');

export const REDACTED = '[REDACTED]';

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[TOO DEEP]';
  // Only the secret itself is replaced, so the person still sees what the rest of the text says.
  if (typeof value === 'string') return value.length >= 16 ? value.replace(SECRET_VALUE, REDACTED) : value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = isSecretKey(key) && v !== null && v !== '' ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** Redacted JSON text, cut at `maxChars` with a marker so a reader knows it was cut. */
export function redactedJson(value: unknown, maxChars = 64 * 1024): string {
  const text = JSON.stringify(redact(value)) ?? 'null';
  return text.length <= maxChars
    ? text
    : `${text.slice(0, maxChars)}…[truncated ${text.length - maxChars} chars]`;
}
