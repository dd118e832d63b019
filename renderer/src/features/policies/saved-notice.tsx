import type { ReactNode } from 'react';
import { Visible } from '../../components/visible';

/** The confirmation after a save: which revision it made and what changed, in words. */
export function SavedNotice({
  revision,
  lines,
  testId,
  children,
  onDismiss,
}: {
  revision: number;
  lines: readonly string[];
  testId: string;
  children?: ReactNode;
  onDismiss?: () => void;
}) {
  return (
    <div className="saved-notice" role="status" data-testid={testId} data-revision={revision}>
      <div>
        <p className="saved-notice-title">Saved as revision {revision}.</p>
        {lines.length > 0 ? (
          <ul className="saved-notice-lines">
            {lines.map((line) => (
              <li key={line}>
                <Visible text={line} />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="saved-notice-actions">
        {children}
        {onDismiss ? (
          <button type="button" className="button button-small" onClick={onDismiss} aria-label="Dismiss">
            Dismiss
          </button>
        ) : null}
      </div>
    </div>
  );
}
