import { useLayoutEffect, useRef, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';

/**
 * The dashboard's table: scrolls sideways inside its own box on narrow windows (the page never
 * does), headed by its column names, rows as children.
 *
 * Rows that open each have one control marked `data-row-control` (see `RowToggle`; VirtualTable's
 * rows have the same).
 * The table is one tab stop among them (a roving tabindex): Tab enters at the row last used, the
 * arrow keys, Home and End move between rows, Tab leaves the table. A list of hundreds of calls is
 * then not hundreds of tab stops.
 */
export function DataTable({
  columns,
  className,
  children,
}: {
  columns: readonly string[];
  className?: string;
  children: ReactNode;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  // Runs after every render: rows come and go as events arrive.
  useLayoutEffect(() => {
    const controls = rowControls(body.current);
    const current = controls.find((control) => control.tabIndex === 0) ?? controls[0];
    for (const control of controls) control.tabIndex = control === current ? 0 : -1;
  });

  const onFocus = (event: FocusEvent<HTMLTableSectionElement>) => {
    if (!isRowControl(event.target)) return;
    for (const control of rowControls(body.current)) control.tabIndex = control === event.target ? 0 : -1;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!isRowControl(event.target)) return;
    const controls = rowControls(body.current);
    const at = controls.indexOf(event.target);
    const to =
      event.key === 'ArrowDown'
        ? at + 1
        : event.key === 'ArrowUp'
          ? at - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? controls.length - 1
              : undefined;
    const target = to === undefined ? undefined : controls[to];
    if (!target) return;
    event.preventDefault();
    target.focus();
  };

  return (
    <div className="table-scroll">
      <table className={className ? `data-table ${className}` : 'data-table'}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              // Index keys: a column may have no title (an actions column), and titles may repeat.
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body} onFocus={onFocus} onKeyDown={onKeyDown}>
          {children}
        </tbody>
      </table>
    </div>
  );
}

function isRowControl(target: EventTarget): target is HTMLElement {
  return target instanceof HTMLElement && target.dataset.rowControl !== undefined;
}

function rowControls(body: HTMLTableSectionElement | null): HTMLElement[] {
  return body ? [...body.querySelectorAll<HTMLElement>(':scope > tr > td [data-row-control]')] : [];
}

/**
 * The control that opens a row's details, in its first cell: the row's one stop for the keyboard.
 * `label` finishes its name for screen readers after the visible text (`12:04:31` → `12:04:31,
 * details of echo`). Clicks reach the row, whose own click handler opens it.
 */
export function RowToggle({
  expanded,
  label,
  children,
}: {
  expanded: boolean;
  label: string;
  children: ReactNode;
}) {
  return (
    <button type="button" className="row-toggle" data-row-control="" aria-expanded={expanded}>
      {children}
      <span className="visually-hidden">, {label}</span>
    </button>
  );
}
