/** A few repairs of one entry within this window are a fight, not drift. */
const WINDOW_MS = 10 * 60_000;
const MAX_REPAIRS = 3;

export interface RepairGuard {
  /** Count a repair; true when this one reached the limit (the entry is held from now on). */
  record(key: string): boolean;
  held(key: string): boolean;
}

/**
 * Stops Portcullis from fighting whoever keeps changing an entry back (a client that rewrites its
 * file on every start, or a person): after a few repairs in a short while the entry is left alone
 * and reported instead, until Portcullis restarts or the window passes.
 */
export function createRepairGuard({ now }: { now: () => number }): RepairGuard {
  const repairs = new Map<string, number[]>();
  const recent = (key: string) => (repairs.get(key) ?? []).filter((at) => now() - at < WINDOW_MS);
  return {
    record(key) {
      const times = [...recent(key), now()];
      repairs.set(key, times);
      return times.length === MAX_REPAIRS;
    },
    held: (key) => recent(key).length >= MAX_REPAIRS,
  };
}
