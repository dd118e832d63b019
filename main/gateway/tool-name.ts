/** Longest tool name a call may use (the MCP spec suggests names of at most 128 characters). */
export const MAX_TOOL_NAME_LENGTH = 256;

/**
 * Why a tool name cannot be decided safely, or undefined when it can. A name with control, format
 * (bidi, zero-width, tag) or lone-surrogate characters, or one that is not in Unicode NFC, could be
 * read by a server as a different name than the one the policy matched, or shown to the person as
 * something it is not.
 */
export function toolNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the tool name is empty';
  if (name.length > MAX_TOOL_NAME_LENGTH) {
    return `the tool name is ${name.length} characters long; Portcullis accepts at most ${MAX_TOOL_NAME_LENGTH}`;
  }
  const hidden = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u.exec(name);
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `the tool name contains an invisible or control character (U+${code})`;
  }
  if (name.normalize('NFC') !== name) return 'the tool name is not in Unicode normal form C';
  return undefined;
}
