import type { ReactNode } from 'react';

/** The dashboard's table: scrolls sideways on narrow windows, headed by its column names, rows as children. */
export function DataTable({
  columns,
  className,
  children,
}: {
  columns: readonly string[];
  className?: string;
  children: ReactNode;
}) {
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
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
