import './drawer.css';
import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A panel beside a table with one row's detail. Not modal: the table stays usable, so arrows can
 * move through rows while it is open. It takes the focus when it opens (its heading is read
 * first); Escape or Close closes it, and `onClose` puts the focus back where the person was.
 */
export function Drawer({
  title,
  onClose,
  children,
  testId,
  actions,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** Beside the close button: links such as "copy a link to this row". */
  actions?: ReactNode;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div
      className="drawer"
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="drawer-header">
        <h2 id={headingId} ref={heading} tabIndex={-1} className="drawer-title">
          {title}
        </h2>
        <div className="drawer-actions">
          {actions}
          <button type="button" className="button button-small" onClick={onClose} data-testid="drawer-close">
            Close<span className="visually-hidden"> details</span>
          </button>
        </div>
      </header>
      <div className="drawer-body">{children}</div>
    </div>
  );
}
