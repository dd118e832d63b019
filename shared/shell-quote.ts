/**
 * One word for a POSIX shell (bash, zsh), whatever it holds: plain when it is safe as it is, else in
 * single quotes. A value with control or invisible characters is written as `$'…'` with those
 * characters as `\xHH` escapes, so a command pasted into a terminal sends it nothing but printable
 * text (an escape sequence in a server's name cannot reach the terminal).
 */
const SAFE = /^[A-Za-z0-9_./:=,@%+-]+$/;
/** What never shows as itself (as in shared/visible-text): controls, format and invisible characters. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

export function shellQuote(value: string): string {
  if (SAFE.test(value)) return value;
  if (!UNPRINTABLE.test(value)) return `'${value.replaceAll("'", `'\\''`)}'`;
  let out = '';
  for (const char of value) {
    if (char === '\\' || char === "'") out += `\\${char}`;
    else if (UNPRINTABLE.test(char)) {
      for (const byte of new TextEncoder().encode(char)) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else out += char;
  }
  return `$'${out}'`;
}
