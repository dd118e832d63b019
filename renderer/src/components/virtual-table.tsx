import './virtual-table.css';
import {
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react';
import { moveIndex, scrollToShow, windowParts } from './virtual-window';

export interface VirtualColumn {
  title: string;
  /** A CSS width: columns are fixed so they do not jump as different rows scroll into view. */
  width: string;
  className?: string;
}

export interface VirtualTableHandle {
  /** Put the keyboard focus on a row (after a drawer it opened closes). */
  focusRow(key: string): void;
}

interface VirtualTableProps<T> {
  label: string;
  columns: readonly VirtualColumn[];
  items: readonly T[];
  itemKey: (item: T) => string;
  /**
   * The first cell's text: it is the row's button (the table's one tab stop), named for screen
   * readers with `toggleLabel` after it (`12:04:31, details of echo`).
   */
  renderToggle: (item: T) => ReactNode;
  toggleLabel: (item: T) => string;
  /** The other cells (`<td>`s). */
  renderCells: (item: T) => ReactNode;
  /** `data-*` attributes for a row, for tests and styling. */
  rowData?: (item: T) => Record<`data-${string}`, string>;
  rowTestId: string;
  /** The row whose detail is open. */
  openKey?: string | null;
  onOpen: (item: T) => void;
  onEscape?: () => void;
  /** Called when the last rows come into view: time to load more. */
  onNearEnd?: () => void;
  /** Rows in the whole list when known (for screen readers), not only those loaded. */
  totalRows?: number;
  /** Below the rows, inside the scrolled area: "loading", "the start of the log". */
  footer?: ReactNode;
  ref?: Ref<VirtualTableHandle>;
}

const OVERSCAN = 8;
const DEFAULT_ROW_HEIGHT = 36;
const MIN_HEIGHT = 260;
/** Room left under the table for the page's own padding. */
const BOTTOM_GAP = 24;

/**
 * A table of many rows where only those in view are in the DOM, in a scrolled box that fills the
 * window. One tab stop: the active row is focusable, arrows, Page keys, Home and End move it, Enter
 * opens it. Rows added at the top while the person is scrolled down do not move what they read.
 */
export function VirtualTable<T>({ ref, ...props }: VirtualTableProps<T>) {
  const { items, itemKey, columns } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLTableSectionElement>(null);
  /** Each rendered row's button, by key: what takes the focus. */
  const rowElements = useRef(new Map<string, HTMLButtonElement>());
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState({ height: 600, header: 36 });
  const [rowHeight, setRowHeight] = useState(DEFAULT_ROW_HEIGHT);
  const [boxHeight, setBoxHeight] = useState<number | undefined>(undefined);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const frame = useRef<number | null>(null);

  const activeIndex = indexOfKey(items, itemKey, activeKey);
  const current = activeIndex >= 0 ? activeIndex : 0;
  const parts = windowParts({
    count: items.length,
    rowHeight,
    scrollTop,
    viewportHeight: viewport.height - viewport.header,
    overscan: OVERSCAN,
    pinned: activeIndex >= 0 ? activeIndex : undefined,
  });

  // The box fills the window below wherever the page put it; the page scrolls only when too short.
  useLayoutEffect(() => {
    const measure = () => {
      const box = scroller.current;
      if (!box) return;
      const top = box.getBoundingClientRect().top + window.scrollY;
      const height = Math.max(MIN_HEIGHT, Math.floor(window.innerHeight - top - BOTTOM_GAP));
      setBoxHeight((old) => (old !== undefined && Math.abs(old - height) < 2 ? old : height));
    };
    measure();
    window.addEventListener('resize', measure);
    const observer = new ResizeObserver(measure);
    if (scroller.current?.parentElement) observer.observe(scroller.current.parentElement);
    return () => {
      window.removeEventListener('resize', measure);
      observer.disconnect();
    };
  }, []);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const observer = new ResizeObserver(() => {
      setViewport({ height: box.clientHeight, header: header.current?.offsetHeight ?? 36 });
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  // Rows are one height, set by CSS; measured once a row exists rather than assumed, and again
  // when the box changes size (a zoom or a font change), never per update: reading a size forces a
  // layout, which under a stream of rows would cost a layout each frame.
  const measuredFor = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (measuredFor.current === viewport.height) return;
    const first = rowElements.current.values().next().value?.closest('tr');
    if (!first) return;
    measuredFor.current = viewport.height;
    const measured = first.getBoundingClientRect().height;
    if (measured > 0 && Math.abs(measured - rowHeight) > 0.5) setRowHeight(measured);
  }, [rowHeight, items, viewport.height]);

  // Rows added above: keep the rows on screen where they are, unless the person is at the top. The
  // offset is the one the last scroll event gave: reading it from the box would force a layout on
  // every update while rows stream in.
  const firstKey = items.length > 0 ? itemKey(items[0]!) : null;
  const previousFirst = useRef(firstKey);
  useLayoutEffect(() => {
    const before = previousFirst.current;
    previousFirst.current = firstKey;
    const box = scroller.current;
    if (!box || before === null || before === firstKey || scrollTop <= 0) return;
    const moved = indexOfKey(items, itemKey, before);
    if (moved > 0) {
      const next = scrollTop + moved * rowHeight;
      box.scrollTop = next;
      setScrollTop(next);
    }
  }, [firstKey, items, itemKey, rowHeight, scrollTop]);

  useLayoutEffect(() => {
    const key = pendingFocus.current;
    if (key === null) return;
    const element = rowElements.current.get(key);
    if (element) {
      pendingFocus.current = null;
      element.focus({ preventScroll: true });
    }
  });

  const nearEnd = parts.some((part) => part.kind === 'row' && part.index >= items.length - OVERSCAN);
  const { onNearEnd } = props;
  useEffect(() => {
    if (nearEnd || items.length === 0) onNearEnd?.();
  }, [nearEnd, items.length, onNearEnd]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const onScroll = () => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (scroller.current) setScrollTop(scroller.current.scrollTop);
    });
  };

  const focusIndex = (index: number) => {
    const item = items[index];
    const box = scroller.current;
    if (item === undefined || !box) return;
    const key = itemKey(item);
    setActiveKey(key);
    pendingFocus.current = key;
    const next = scrollToShow(index, rowHeight, box.scrollTop, box.clientHeight, viewport.header);
    if (next !== box.scrollTop) {
      box.scrollTop = next;
      setScrollTop(next);
    }
    const element = rowElements.current.get(key);
    if (element) {
      pendingFocus.current = null;
      element.focus({ preventScroll: true });
    }
  };

  useImperativeHandle(ref, () => ({
    focusRow: (key: string) => {
      const index = indexOfKey(items, itemKey, key);
      if (index >= 0) focusIndex(index);
    },
  }));

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    // Enter and Space are the button's own: they click it, and the click opens the row.
    if (event.key === 'Escape' && props.onEscape) {
      props.onEscape();
      return;
    }
    const page = Math.max(1, Math.floor((viewport.height - viewport.header) / rowHeight) - 1);
    const target = moveIndex(event.key, index, items.length, page);
    if (target === undefined) return;
    event.preventDefault();
    focusIndex(target);
  };

  return (
    <div
      className="table-scroll vt-scroll"
      ref={scroller}
      onScroll={onScroll}
      style={boxHeight === undefined ? undefined : { height: boxHeight }}
    >
      <table
        className="data-table vt-table"
        aria-label={props.label}
        aria-rowcount={(props.totalRows ?? items.length) + 1}
      >
        <colgroup>
          {columns.map((column, index) => (
            <col key={index} style={{ width: column.width }} />
          ))}
        </colgroup>
        <thead ref={header}>
          <tr aria-rowindex={1}>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={column.className}>
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {parts.map((part) => {
            if (part.kind === 'gap') {
              return (
                <tr key={`gap-${part.from}`} className="vt-gap" aria-hidden="true">
                  <td colSpan={columns.length} style={{ height: part.rows * rowHeight }} />
                </tr>
              );
            }
            const item = items[part.index]!;
            const key = itemKey(item);
            const open = key === props.openKey;
            return (
              <tr
                key={key}
                className={`row-clickable vt-row${open ? ' row-expanded' : ''}`}
                data-testid={props.rowTestId}
                {...props.rowData?.(item)}
                aria-rowindex={part.index + 2}
                onClick={() => {
                  setActiveKey(key);
                  props.onOpen(item);
                }}
              >
                <td className={columns[0]?.className}>
                  <button
                    type="button"
                    className="row-toggle"
                    data-row-control=""
                    aria-expanded={open}
                    tabIndex={part.index === current ? 0 : -1}
                    ref={(element) => {
                      if (element) rowElements.current.set(key, element);
                      else rowElements.current.delete(key);
                    }}
                    onFocus={() => setActiveKey(key)}
                    onKeyDown={(event) => onKeyDown(event, part.index)}
                  >
                    {props.renderToggle(item)}
                    <span className="visually-hidden">, {props.toggleLabel(item)}</span>
                  </button>
                </td>
                {props.renderCells(item)}
              </tr>
            );
          })}
        </tbody>
      </table>
      {props.footer}
    </div>
  );
}

function indexOfKey<T>(items: readonly T[], itemKey: (item: T) => string, key: string | null): number {
  if (key === null) return -1;
  for (let i = 0; i < items.length; i++) if (itemKey(items[i]!) === key) return i;
  return -1;
}
