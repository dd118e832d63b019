import { Fragment } from 'react';
import { Visible } from '../../components/visible';

/**
 * Server-controlled text with every hidden character shown as a marked escape token (the shared
 * visible form). `lineBreaks` keeps line feeds as breaks, for indented JSON whose newlines are its own.
 */
export function VisibleText({ text, lineBreaks = false }: { text: string; lineBreaks?: boolean }) {
  if (!lineBreaks) return <Visible text={text} />;
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
