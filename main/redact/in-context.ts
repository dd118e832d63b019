import { ci, looksRandom, type Candidate, type Detector } from './detector';
import { isSecretName } from './secret-names';

/**
 * Secrets recognisable by what surrounds them: a password in a URL, a value under a secret name
 * (`PGPASSWORD=…`, `"ssh_key": "…"`, `--token …`, `Password=…;`), an auth header, a command's
 * password flag. Only the value is replaced; the name, the scheme and the host stay readable.
 */

/** What may precede a secret in a header or an assignment: `Authorization: Bearer …`. */
const SCHEME = `(?:${['basic', 'bearer', 'token', 'digest', 'negotiate', 'apikey', 'bot'].map(ci).join('|')}|NTLM|SSWS)[ \\t]+`;

/**
 * A value after a name, which ends the match (accept reads what follows it): quoted (the closing
 * quote is optional, so a value cut short is still found and an attempt cannot fail after a long
 * scan), braced (ODBC), or a bare run.
 */
function value(bare: string): string {
  return (
    `(?:"(?:${SCHEME})?(?<secret>(?:[^"\\\\\\r\\n]|\\\\.){1,16384})"?` +
    `|'(?:${SCHEME})?(?<secret2>[^'\\r\\n]{1,4096})'?` +
    `|\\\\"(?<secret3>[^"\\\\\\r\\n]{1,4096})(?:\\\\")?` +
    `|\\{(?<secret4>[^}\\r\\n]{1,1024})\\}?` +
    `|(?:${SCHEME})?(?<secret5>${bare}))`
  );
}
/** A bare value ends at white space, quotes, brackets and the separators of lists and query strings. */
const BARE = '[^\\s"\'`,;&<>(){}\\[\\]\\\\]{1,1024}';
/** …and after a flag it may not look like the next flag. */
const BARE_ARGUMENT = '[^\\s"\'`,;&<>(){}\\[\\]\\\\-][^\\s"\'`,;&<>(){}\\[\\]\\\\]{0,1023}';

/**
 * Words a secret name contains. A cheap filter only, so that ordinary `name = value` text does not
 * become a candidate: isSecretName decides.
 */
const NAME_WORDS = [
  'pass',
  'pwd',
  'secret',
  'token',
  'key',
  'auth',
  'credential',
  'cookie',
  'pin',
  'otp',
  'signature',
  'bearer',
  'session',
]
  .map(ci)
  .join('|');
/**
 * A name, found by its secret word (a fast literal search) and read backwards to where it starts:
 * `--db-password`, `"PGPASSWORD`, `-Dspring.datasource.password`. The lookbehind comes after the
 * word: V8 tries a leading lookbehind at every position, which made this 20× slower.
 */
const NAME =
  `(?<keyWord>${NAME_WORDS})` +
  `(?<=(?<![A-Za-z0-9_.$-])(?:--?)?(?<quote>\\\\?["'])?(?<keyHead>[A-Za-z_][A-Za-z0-9_.-]{0,40})?(?:${NAME_WORDS}))` +
  `(?<keyTail>[A-Za-z0-9_.-]{0,24})`;

function keyOf(c: Candidate): string {
  return (
    `${c.groups.keyHead ?? ''}${c.groups.keyWord ?? ''}${c.groups.keyTail ?? ''}` || (c.groups.key ?? '')
  );
}

/**
 * Values that stand for a secret rather than being one: types, placeholders, code, and the states
 * and methods a log reports (`AUTH: OK`, `auth=oauth`, `token: valid`).
 */
const NOT_VALUES = new Set(
  [
    'true false null none nil undefined yes no on off empty',
    'string str number int integer bool boolean any object required optional',
    'redacted hidden masked await new yield function lambda require import this self',
    'ok success successful valid invalid expired failed failure missing set unset present absent enabled disabled',
    'basic bearer token password oauth oauth2 oidc saml ldap sso jwt anonymous session cookie header',
  ]
    .join(' ')
    .split(' '),
);

function isPlaceholder(text: string): boolean {
  const v = text.trim();
  return (
    v.length === 0 ||
    v.includes('[REDACTED]') ||
    NOT_VALUES.has(v.toLowerCase()) ||
    /^\$/.test(v) || // $VAR, ${VAR}, $(command), ${{ secrets.X }}
    /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v) ||
    /^\{\{.*\}\}$/.test(v) ||
    /^<[^>]*>$/.test(v) ||
    /^[*x•#.|>+-]+$/i.test(v) // masked, or a YAML block indicator (the block is searched on its own)
  );
}

/** A name and a bare value in code: `process.env.API_KEY`, `getToken(`, `form[`. */
function isCode(secret: string, next: string): boolean {
  return next === '(' || next === '[' || /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*)+$/.test(secret);
}

/**
 * A plain word, a colon and more words on the line is a sentence ("Reset your password: click the
 * link", "at least 8 characters"), not a setting. A setting's value ends its line or carries digits
 * or symbols; a lone word at the end of a line is still taken as a value.
 */
function isProse(c: Candidate, separatorIsColon: boolean): boolean {
  if (!separatorIsColon) return false;
  const key = keyOf(c);
  if (c.groups.quote !== undefined || !/^[A-Za-z]+$/.test(key)) return false;
  const moreWords = /^[ \t]+[A-Za-z0-9]/.test(c.after);
  return moreWords && (/^[A-Za-z]+$/.test(c.secret) || /^[0-9]{1,3}$/.test(c.secret));
}

function acceptNamedValue(c: Candidate, separatorIsColon: boolean): boolean {
  if (!isSecretName(keyOf(c)) || isPlaceholder(c.secret)) return false;
  if (c.groups.secret5 === undefined) return true;
  return !isCode(c.secret, c.after.charAt(0)) && !isProse(c, separatorIsColon);
}

/** `user:password` as Basic credentials, base64-encoded: it must decode to printable text with a colon. */
function isBasicCredentials(encoded: string): boolean {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return decoded.includes(':') && !/[\p{Cc}\ufffd]/u.test(decoded);
}

/**
 * A command, then (on the same line, in the same command) one of its flags. The scan between them
 * may not pass over the command's name again, so attempts from repeated names never overlap.
 */
function command(names: string, flag: string): string {
  return `(?<![A-Za-z0-9_./-])(?:${names})(?![A-Za-z0-9_-])(?:(?!${names})[^\\r\\n|;&]){0,256}?[ \\t]${flag}`;
}
const FLAG_VALUE = `(?<secret>[^\\s'"]{1,256}|'[^'\\r\\n]{1,256}'|"[^"\\r\\n]{1,256}")`;

export const inContext: Detector[] = [
  {
    kind: 'url-credentials',
    // scheme://user:password@host — the password is everything up to the last @ before the host.
    source: `://(?<=(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://)[^\\s:@/?#'"<>]{0,256}:(?<secret>[^\\s/?#'"<>]{1,1024})@(?=[A-Za-z0-9\\[])`,
    accept: (c) => !isPlaceholder(c.secret),
  },
  {
    kind: 'cookie-header',
    tokenStart: true,
    source: `(?:${ci('set-')})?${ci('cookie')}[ \\t]*:[ \\t]*(?<secret>[^\\r\\n"]{1,4096})`,
    accept: (c) => c.secret.includes('='),
  },
  {
    kind: 'basic-auth',
    tokenStart: true,
    source: `${ci('basic')}[ \\t]+(?<secret>[A-Za-z0-9+/]{6,4096}={0,2})`,
    accept: (c) => isBasicCredentials(c.secret),
  },
  {
    // SMTP's AUTH PLAIN: base64 of "\0user\0password".
    kind: 'smtp-auth-plain',
    tokenStart: true,
    source: `AUTH[ \\t]+PLAIN[ \\t]+(?<secret>[A-Za-z0-9+/]{8,4096}={0,2})`,
    accept: (c) => Buffer.from(c.secret, 'base64').includes(0),
  },
  {
    kind: 'bearer-token',
    tokenStart: true,
    source: `${ci('bearer')}[ \\t]+(?<secret>[A-Za-z0-9._~+/-]{8,8192}=*)`,
    accept: (c) => looksRandom(c.secret),
  },
  {
    // PGPASSWORD=…, "ssh_key": "…", DB_PASS: …, --password=…, -Ddb.password=…, and Password=…;
    // in a connection string.
    kind: 'secret-assignment',
    source: `${NAME}(?:\\\\?["'])?(?<separator>[ \\t]*(?::=|=>|=(?!=)|:(?![:/]))[ \\t]*)${value(BARE)}`,
    accept: (c) => acceptNamedValue(c, !(c.groups.separator ?? '').includes('=')),
  },
  {
    kind: 'secret-flag',
    tokenStart: true,
    source: `--(?<key>[A-Za-z][A-Za-z0-9_-]{0,63})[ \\t]+${value(BARE_ARGUMENT)}`,
    accept: (c) => acceptNamedValue(c, true),
  },
  {
    kind: 'secret-element',
    source: `<(?<key>[A-Za-z_][A-Za-z0-9_.:-]{0,63})>(?<secret>[^<\\r\\n]{1,1024})</`,
    accept: (c) => isSecretName(c.groups.key ?? '') && !isPlaceholder(c.secret),
  },
  {
    kind: 'netrc-password',
    // machine HOST login USER password SECRET, on one line or several.
    tokenStart: true,
    source: `login\\s{1,64}[^\\s]{1,256}\\s{1,64}password\\s{1,64}(?<secret>[^\\s]{1,1024})`,
  },
  {
    // mysql's -pSECRET (glued). A bare -p means a port or a path to too many other commands.
    kind: 'mysql-password-flag',
    source: command('mysql|mysqldump|mysqladmin|mysqlsh|mariadb|mariadb-dump', `-p${FLAG_VALUE}`),
  },
  {
    kind: 'command-password-flag',
    source: command('sshpass|redis-cli|(?:docker|podman|nerdctl)[ \\t]+login', `-[pa][ \\t]*${FLAG_VALUE}`),
  },
  {
    kind: 'aws-configure-set',
    source: `(?<![A-Za-z0-9_./-])aws[ \\t]+configure[ \\t]+set[ \\t]+(?<key>[A-Za-z0-9_.-]{1,64})[ \\t]+(?<secret>[^\\s'"]{1,1024}|'[^'\\r\\n]{1,1024}'|"[^"\\r\\n]{1,1024}")`,
    accept: (c) => isSecretName(c.groups.key ?? '') && !isPlaceholder(c.secret),
  },
  {
    kind: 'curl-user',
    source: command(
      'curl',
      `(?:-u|--user)(?:[ \\t]+|(?=[^\\s-]))["']?[^\\s:'"]{0,256}:(?<secret>[^\\s'"]{1,256})`,
    ),
  },
];
