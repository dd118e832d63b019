import { visibleParts, type VisiblePart } from '../../../../shared/visible-text';

export interface HiddenCharacter {
  /** Where it is in the text, in UTF-16 units, for selecting it in the editor. */
  offset: number;
  length: number;
  /** 1-based line. */
  line: number;
  escape: Extract<VisiblePart, { kind: 'escape' }>;
}

/**
 * The characters of a document that would not show as themselves, with where they are. A text box
 * shows text as it is, so a tool name a server chose (in a suggested policy, say) could hold a
 * bidi control or a zero-width character that the box does not show. Line breaks and tabs are the
 * document's own layout and are left out.
 */
export function hiddenCharacters(text: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  let offset = 0;
  let line = 1;
  for (const part of visibleParts(text)) {
    if (part.kind === 'text') {
      offset += part.text.length;
      continue;
    }
    const length = part.codePoint > 0xffff ? 2 : 1;
    if (part.codePoint === 0x0a) line += 1;
    else if (part.codePoint !== 0x09 && !(part.codePoint === 0x0d && text[offset + 1] === '\n'))
      found.push({ offset, length, line, escape: part });
    offset += length;
  }
  return found;
}
