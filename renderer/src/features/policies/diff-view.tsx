import { Visible } from '../../components/visible';
import type { DiffRow } from './line-diff';

const signs = { same: ' ', add: '+', del: '−' } as const;

export function DiffView({ rows, testId }: { rows: readonly DiffRow[]; testId?: string }) {
  return (
    <div className="diff" data-testid={testId} role="table" aria-label="Line changes">
      {rows.map((row, index) =>
        row.kind === 'skip' ? (
          <div key={index} className="diff-skip" role="row">
            <span role="cell">
              ⋯ {row.count} unchanged {row.count === 1 ? 'line' : 'lines'}
            </span>
          </div>
        ) : (
          <div key={index} className={`diff-line diff-${row.kind}`} role="row" data-kind={row.kind}>
            <span className="diff-number" role="cell">
              {row.oldLine ?? ''}
            </span>
            <span className="diff-number" role="cell">
              {row.newLine ?? ''}
            </span>
            <span
              className="diff-sign"
              role="cell"
              aria-label={row.kind === 'same' ? undefined : row.kind === 'add' ? 'added' : 'removed'}
            >
              {signs[row.kind]}
            </span>
            <span className="diff-text" role="cell">
              <Visible text={row.text} />
            </span>
          </div>
        ),
      )}
    </div>
  );
}
