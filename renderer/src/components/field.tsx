import { useId, type ReactNode } from 'react';

/**
 * A labelled form control. The label points at the control (`htmlFor`) rather than wrapping it: a
 * wrapped menu would be named with its own current value too ("Tool Any").
 */
export function Field({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children(id)}
    </div>
  );
}
