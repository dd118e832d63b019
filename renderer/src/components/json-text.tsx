import { Fragment } from 'react';
import { visibleJsonLines } from '../lib/visible-json';
import { MISSING } from '../lib/format';
import { Visible, VisibleParts } from './visible';

/** A call's arguments (JSON text) pretty-printed, hidden characters as marked escapes; other text as it came. */
export function JsonText({ text, empty = MISSING }: { text: string | null | undefined; empty?: string }) {
  if (text === null || text === undefined || text === '') return <pre className="detail-code">{empty}</pre>;
  const lines = visibleJsonLines(text);
  return (
    <pre className="detail-code">
      {lines ? (
        lines.map((line, index) => (
          <Fragment key={index}>
            {index > 0 ? '\n' : null}
            <VisibleParts parts={line} />
          </Fragment>
        ))
      ) : (
        <Visible text={text} />
      )}
    </pre>
  );
}
