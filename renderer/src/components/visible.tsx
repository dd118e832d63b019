import { Fragment } from 'react';
import { escapeLabel, visibleParts, type VisiblePart } from '../../../shared/visible-text';

/**
 * Text a client or a server controls, as the person may read it: what would not show as itself
 * (controls, line breaks, bidi and invisible characters) is a marked escape such as `\u{202E}`,
 * styled as a token that typed text cannot imitate, named for screen readers and in its tooltip.
 * React escapes HTML already; this is about characters that hide or reorder text.
 */
export function Visible({ text }: { text: string | null | undefined }) {
  if (text === null || text === undefined) return null;
  return <VisibleParts parts={visibleParts(text)} />;
}

/**
 * Text whose line breaks are its own (indented JSON, a tool's result, a definition): each line in
 * its visible form, the breaks kept as breaks.
 */
export function VisibleLines({ text }: { text: string }) {
  return (
    <>
      {text.split('\n').map((line, index) => (
        <Fragment key={index}>
          {index > 0 ? '\n' : null}
          <Visible text={line} />
        </Fragment>
      ))}
    </>
  );
}

export function VisibleParts({ parts }: { parts: readonly VisiblePart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.kind === 'text' ? (
          <Fragment key={index}>{part.text}</Fragment>
        ) : (
          <EscapeMark key={index} part={part} />
        ),
      )}
    </>
  );
}

function EscapeMark({ part }: { part: Extract<VisiblePart, { kind: 'escape' }> }) {
  const label = `hidden character ${escapeLabel(part)}`;
  // role="img": read as one named thing ("hidden character U+202E …"), not spelled out backslash
  // by backslash; copying the text still gives the escape as shown.
  return (
    <span className="escape-mark" role="img" aria-label={label} title={label} data-testid="escape-mark">
      {part.text}
    </span>
  );
}
