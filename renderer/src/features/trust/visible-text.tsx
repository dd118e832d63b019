import { visibleParts } from './visible';

/** Server-controlled text with every hidden character shown as a marked escape token. */
export function VisibleText({ text, lineBreaks = false }: { text: string; lineBreaks?: boolean }) {
  return (
    <>
      {visibleParts(text, { lineBreaks }).map((part, i) =>
        part.kind === 'text' ? (
          part.text
        ) : (
          <abbr key={i} className="trust-escape" title={`hidden character ${part.label}`}>
            {part.text}
          </abbr>
        ),
      )}
    </>
  );
}
