import { useState, type ReactNode } from 'react';
import type { VisiblePart } from '../../../../shared/visible-text';
import { VisibleParts } from '../../components/visible';
import { argsView, isEmptyArgs, type ArgNode } from './approval-args';

/** The arguments as pretty-printed JSON, with long strings folded and redactions marked. */
export function ApprovalArgs({ text }: { text: string }) {
  const view = argsView(text);
  if (isEmptyArgs(view)) {
    return (
      <p className="approval-args approval-args-empty muted" data-testid="approval-args">
        No arguments.
      </p>
    );
  }
  if (view.kind === 'text') {
    return (
      <div className="approval-args-text" data-testid="approval-args">
        {view.shortened ? (
          <p className="approval-warning" role="note">
            The gateway shortened these arguments: the end is not shown. Deny if you need to see all of it.
          </p>
        ) : null}
        <pre className="approval-args">
          <VisibleParts parts={view.parts} />
        </pre>
      </div>
    );
  }
  return (
    <div className="approval-args" data-testid="approval-args">
      <Value node={view.root} />
    </div>
  );
}

function Value({ node, comma = false }: { node: ArgNode; comma?: boolean }) {
  const tail = comma ? ',' : '';
  switch (node.kind) {
    case 'literal':
      return (
        <span className="args-literal">
          {node.text}
          {tail}
        </span>
      );
    case 'redacted':
      return (
        <>
          <span className="args-redacted" title={node.label} data-testid="approval-args-redacted">
            {node.marker}
          </span>
          {tail}
        </>
      );
    case 'string':
      return node.fold ? (
        <FoldedString parts={node.parts} preview={node.fold.preview} hidden={node.fold.hidden} tail={tail} />
      ) : (
        <span className="args-string">
          <VisibleParts parts={node.parts} />
          {tail}
        </span>
      );
    case 'array':
      return (
        <Container open="[" close="]" tail={tail} empty={node.items.length === 0}>
          {node.items.map((item, index) => (
            <div className="args-entry" key={index}>
              <Value node={item} comma={index < node.items.length - 1} />
            </div>
          ))}
        </Container>
      );
    case 'object':
      return (
        <Container open="{" close="}" tail={tail} empty={node.entries.length === 0}>
          {node.entries.map((entry, index) => (
            // Index keys: two keys can differ only in what the escapes show.
            <div className="args-entry" key={index}>
              <span className="args-key">
                <VisibleParts parts={entry.key} />
              </span>
              {': '}
              <Value node={entry.value} comma={index < node.entries.length - 1} />
            </div>
          ))}
        </Container>
      );
  }
}

function Container({
  open,
  close,
  tail,
  empty,
  children,
}: {
  open: string;
  close: string;
  tail: string;
  empty: boolean;
  children: ReactNode;
}) {
  if (empty) return <span className="args-punct">{`${open}${close}${tail}`}</span>;
  return (
    <>
      <span className="args-punct">{open}</span>
      <div className="args-block">{children}</div>
      <span className="args-punct">
        {close}
        {tail}
      </span>
    </>
  );
}

function FoldedString({
  parts,
  preview,
  hidden,
  tail,
}: {
  parts: readonly VisiblePart[];
  preview: readonly VisiblePart[];
  hidden: number;
  tail: string;
}) {
  const [all, setAll] = useState(false);
  return (
    <span className="args-string" data-folded={String(!all)}>
      {all ? (
        <VisibleParts parts={parts} />
      ) : (
        <>
          <VisibleParts parts={preview} />…
        </>
      )}
      {tail}{' '}
      <button
        type="button"
        className="link-button args-toggle"
        aria-expanded={all}
        data-testid="approval-args-toggle"
        onClick={() => setAll(!all)}
      >
        {all ? 'show less' : `show all (${hidden.toLocaleString('en')} more characters)`}
      </button>
    </span>
  );
}
