/**
 * Whether a name (an object key, an environment variable, a header, a command-line flag) says its
 * value is a secret. Names are split into words (camelCase, snake_case, kebab-case, dotted, digits),
 * and what counts is the name's last word, its head noun: `accessToken`, `DB_PASS` and
 * `aws_secret_access_key` name secrets; `max_tokens`, `token_count`, `auth_url` and `password_file`
 * do not. A few qualifiers may follow the noun (`password_hash`, `secret_value`, `api_key_b64`).
 */

/** One word that is a secret by itself. */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'passcode',
  'secret',
  'secrets',
  'token',
  'apikey',
  'apikeys',
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
  'secretkey',
  'sessionid',
]);

/** Two words that name a secret together (`api_key`, `ssh-key`, `AccountKey`). */
const SECRET_PAIRS = new Set([
  'api key',
  'api keys',
  'private key',
  'private keys',
  'access key',
  'secret key',
  'session id',
  'session key',
  'client secret',
  'ssh key',
  'signing key',
  'encryption key',
  'master key',
  'account key',
  'auth key',
  'pass phrase',
  'pin code',
  'otp code',
]);

/** Tokens that page or track rather than authenticate. */
const NOT_SECRET_PAIRS = new Set([
  'page token',
  'next token',
  'continuation token',
  'progress token',
  'sync token',
  'resume token',
  'cursor token',
  'cancellation token',
]);

/** A single word ending like this is a glued name: `PGPASSWORD`, `githubtoken`, `clientsecret`. */
const GLUED_ENDINGS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'secretkey',
  'privatekey',
];

/** Words that may follow the noun without changing what the value is. */
const QUALIFIERS = new Set([
  'value',
  'val',
  'str',
  'string',
  'b64',
  'base64',
  'hex',
  'raw',
  'data',
  'text',
  'pem',
  'der',
  'plain',
  'plaintext',
  'hash',
  'enc',
  'encrypted',
  'bytes',
  'content',
  'contents',
  'header',
  'headers',
  'base',
]);

export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The same few names come back in every call and log line. */
const known = new Map<string, boolean>();
const KNOWN_MAX = 1024;

export function isSecretName(name: string): boolean {
  let secret = known.get(name);
  if (secret === undefined) {
    secret = judgeName(name);
    if (known.size >= KNOWN_MAX) known.clear();
    if (name.length <= 128) known.set(name, secret);
  }
  return secret;
}

function judgeName(name: string): boolean {
  const words = nameWords(name);
  // Numbers and qualifiers after the noun (`token2`, `password_hash`) do not change what it is.
  while (words.length > 1 && (QUALIFIERS.has(words.at(-1)!) || /^[0-9]+$/.test(words.at(-1)!))) words.pop();
  const last = words.at(-1);
  if (last === undefined) return false;
  const pair = words.length > 1 ? `${words.at(-2)} ${last}` : '';
  if (NOT_SECRET_PAIRS.has(pair)) return false;
  if (SECRET_WORDS.has(last) || SECRET_PAIRS.has(pair)) return true;
  return GLUED_ENDINGS.some((ending) => last.length > ending.length && last.endsWith(ending));
}
