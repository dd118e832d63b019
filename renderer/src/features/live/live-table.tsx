import { useRef, useState } from 'react';
import type { LiveCall } from '../../../../shared/events';
import { Drawer } from '../../components/drawer';
import { VirtualTable, type VirtualTableHandle } from '../../components/virtual-table';
import { Visible } from '../../components/visible';
import { CallDetail } from './call-detail';
import { LIVE_COLUMNS, LiveCells, liveCallKey, liveRowData, liveToggle, liveToggleLabel } from './live-row';

/** The calls, virtualized, and the open call's detail beside them. */
export function LiveTable({ calls }: { calls: readonly LiveCall[] }) {
  const [openId, setOpenId] = useState<string | null>(null);
  const table = useRef<VirtualTableHandle>(null);
  // The open call keeps its last state even after it falls off the end of the list.
  const [lastOpen, setLastOpen] = useState<LiveCall | undefined>(undefined);
  const current = openId === null ? undefined : calls.find((call) => call.id === openId);
  if (current && current !== lastOpen) setLastOpen(current);
  const open = openId === null ? undefined : (current ?? lastOpen);
  const close = () => {
    if (openId !== null) table.current?.focusRow(openId);
    setOpenId(null);
  };
  return (
    <div className={`live-results${open ? ' live-results-open' : ''}`}>
      <VirtualTable
        ref={table}
        label="Tool calls, newest first"
        columns={LIVE_COLUMNS}
        items={calls}
        itemKey={liveCallKey}
        renderToggle={liveToggle}
        toggleLabel={liveToggleLabel}
        renderCells={(call) => <LiveCells call={call} />}
        rowData={liveRowData}
        rowTestId="live-row"
        openKey={openId}
        onOpen={(call) => setOpenId(call.id === openId ? null : call.id)}
        onEscape={open ? close : undefined}
      />
      {open ? (
        <Drawer
          // A new call is a new drawer: its title takes the focus and is read out.
          key={open.id}
          title={
            <>
              <Visible text={open.tool} /> on <Visible text={open.server} />
            </>
          }
          onClose={close}
          testId="live-drawer"
        >
          <CallDetail call={open} />
        </Drawer>
      ) : null}
    </div>
  );
}
