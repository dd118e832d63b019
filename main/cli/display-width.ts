/**
 * Characters a terminal draws two columns wide: East Asian wide and full-width forms (CJK, kana,
 * Hangul syllables) and emoji shown as emoji. A close approximation of Unicode's East Asian Width
 * W/F classes, enough to keep table columns aligned; terminals themselves disagree at the edges.
 */
const WIDE =
  /[\p{Emoji_Presentation}\u{1100}-\u{115F}\u{2329}\u{232A}\u{2E80}-\u{303E}\u{3041}-\u{33FF}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{A000}-\u{A4CF}\u{A960}-\u{A97F}\u{AC00}-\u{D7A3}\u{F900}-\u{FAFF}\u{FE10}-\u{FE19}\u{FE30}-\u{FE6F}\u{FF00}-\u{FF60}\u{FFE0}-\u{FFE6}\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;

/** Drawn on top of the character before: combining marks, and the emoji/text presentation selectors. */
const ZERO_WIDTH = /[\p{Mn}\p{Me}\uFE0E\uFE0F]/u;

/** How many terminal columns a text in its visible form takes. */
export function displayWidth(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += ZERO_WIDTH.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
  return width;
}
