import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../../shared/api';
import type { AuditRow } from '../../../../shared/audit';
import { Drawer } from '../../components/drawer';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { useThrottledEvents } from '../../components/use-throttled-events';
import { VirtualTable, type VirtualTableHandle } from '../../components/virtual-table';
import { Visible } from '../../components/visible';
import { AuditDetail } from './audit-detail';
import { AuditExport } from './audit-export';
import {
  AUDIT_COLUMNS,
  AuditCells,
  auditRowData,
  auditRowKey,
  auditToggle,
  auditToggleLabel,
} from './audit-row';
import { auditHref, hasFilters, toAuditFilter, type AuditView } from './audit-view';
import { ConnectHint } from '../../components/connect-hint';
import { useAuditFeed } from './use-audit-feed';
import { useAuditCount, useAuditRow } from './use-audit-queries';

/** The rows of one filter: the true count, the table over the whole log, and the open row's drawer. */
export function AuditResults({
  view,
  onView,
}: {
  view: AuditView;
  onView: (view: AuditView, replace?: boolean) => void;
}) {
  // The time range is resolved once: "the last hour" is the hour before the filter was chosen.
  const [filter] = useState(() => toAuditFilter(view, Date.now()));
  const { feed, state } = useAuditFeed(filter);
  const count = useAuditCount(filter, JSON.stringify(filter));
  const table = useRef<VirtualTableHandle>(null);
  const filtered = hasFilters(view);

  const byCall = useAuditRow(view.call === undefined ? undefined : { callId: view.call });
  // A Live call's row is written when the call ends: until then, ask again as rows arrive.
  useThrottledEvents(['audit'], 1000, () => {
    if (byCall.isError) void byCall.refetch();
  });
  // Found: the link names the row by its own number from then on, a link that can be shared.
  const foundId = view.call !== undefined ? byCall.data?.id : undefined;
  useEffect(() => {
    if (foundId !== undefined) onView({ ...view, call: undefined, row: foundId }, true);
  }, [foundId, view, onView]);
  const openId = view.row ?? byCall.data?.id;
  const loaded = openId === undefined ? undefined : state.rows.find((row) => row.id === openId);
  const byId = useAuditRow(openId !== undefined && !loaded && !byCall.data ? { id: openId } : undefined);
  const open: AuditRow | undefined = loaded ?? (byCall.data?.id === openId ? byCall.data : byId.data);

  const openRow = (row: AuditRow) => onView({ ...view, row: row.id, call: undefined }, true);
  const close = () => {
    onView({ ...view, row: undefined, call: undefined }, true);
    if (openId !== undefined) table.current?.focusRow(String(openId));
  };

  const caption =
    count.data === undefined
      ? ''
      : count.data.exact
        ? `${count.data.total.toLocaleString()} ${count.data.total === 1 ? 'row' : 'rows'}`
        : `more than ${count.data.total.toLocaleString()} rows`;

  return (
    <div className={`audit-results${open || view.call ? ' audit-results-open' : ''}`}>
      <div className="audit-main">
        <div className="table-toolbar">
          <p className="muted table-caption" aria-live="polite" data-testid="audit-count">
            {caption}
            {caption && filtered ? ' match' : ''}
            {state.status === 'ready' && state.rows.length > 0 ? ' · newest first' : ''}
          </p>
          <AuditExport view={view} />
        </div>
        {state.status === 'error' ? (
          <ErrorNotice title="Could not load the audit log." error={state.error} onRetry={feed.start} />
        ) : state.status === 'loading' ? (
          <p className="muted">Loading the audit log…</p>
        ) : state.rows.length === 0 ? (
          filtered ? (
            <EmptyState title="No rows match these filters." testId="audit-empty">
              Try fewer filters or another time range, or clear them to see the whole log.
            </EmptyState>
          ) : (
            <EmptyState title="The audit log is empty." testId="audit-empty">
              Every tool call that passes through Portcullis is written here. <ConnectHint />
            </EmptyState>
          )
        ) : (
          <VirtualTable
            ref={table}
            label="Audit log"
            columns={AUDIT_COLUMNS}
            items={state.rows}
            itemKey={auditRowKey}
            renderToggle={auditToggle}
            toggleLabel={auditToggleLabel}
            renderCells={(row) => <AuditCells row={row} />}
            rowData={auditRowData}
            rowTestId="audit-row"
            openKey={openId === undefined ? null : String(openId)}
            onOpen={openRow}
            onEscape={open ? close : undefined}
            onNearEnd={feed.loadOlder}
            totalRows={count.data?.exact ? count.data.total : undefined}
            footer={<TableFooter state={state.older} filtered={filtered} onRetry={feed.loadOlder} />}
          />
        )}
      </div>
      {view.call !== undefined && !byCall.data ? (
        <CallPending callId={view.call} error={byCall.error} onClose={close} />
      ) : open ? (
        <Drawer
          // A new row is a new drawer: its title takes the focus and is read out.
          key={open.id}
          title={
            <>
              Row #{open.id} · <Visible text={open.kind === 'call' ? open.tool : open.event} />
            </>
          }
          onClose={close}
          testId="audit-drawer"
          actions={
            <a
              className="button button-small"
              href={auditHref({ row: open.id })}
              data-testid="audit-row-link"
            >
              Link to this row
            </a>
          }
        >
          <AuditDetail row={open} />
        </Drawer>
      ) : openId !== undefined && byId.isError ? (
        <Drawer title={`Row #${openId}`} onClose={close} testId="audit-drawer">
          <ErrorNotice title={`Could not load row #${openId}.`} error={byId.error} />
        </Drawer>
      ) : null}
    </div>
  );
}

function TableFooter({
  state,
  filtered,
  onRetry,
}: {
  state: 'idle' | 'loading' | 'done' | 'error';
  filtered: boolean;
  onRetry: () => void;
}) {
  if (state === 'done') {
    return (
      <p className="table-footer muted" data-testid="audit-end">
        {filtered ? 'No older matching rows.' : 'This is the start of the log.'}
      </p>
    );
  }
  if (state === 'error') {
    return (
      <p className="table-footer">
        Could not load older rows.{' '}
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      </p>
    );
  }
  return (
    <p className="table-footer muted" data-testid="audit-loading-older">
      Loading older rows…
    </p>
  );
}

/** A link from Live to a call whose row is not written yet (it is, when the call ends). */
function CallPending({ callId, error, onClose }: { callId: string; error: unknown; onClose: () => void }) {
  const notYet = error instanceof ApiError && error.code === 'not_found';
  return (
    <Drawer title="A call from the Live page" onClose={onClose} testId="audit-drawer">
      {error && !notYet ? (
        <ErrorNotice title="Could not look up the call." error={error} />
      ) : (
        <p className="muted" data-testid="audit-call-pending">
          {notYet ? (
            <>
              Call <Visible text={callId} /> has no audit row yet: its row is written when it ends. This opens
              by itself once it is.
            </>
          ) : (
            'Looking up the call…'
          )}
        </p>
      )}
    </Drawer>
  );
}
