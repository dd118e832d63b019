import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-context';
import type { TimeRange } from '../../components/time-range';
import { useThrottledEvents } from '../../components/use-throttled-events';
import { overviewSpan } from './overview-range';

/** New rows make the figures stale; they are read again at most this often. */
const REFRESH_MS = 5000;
/** A sliding range ("the last hour") moves on even when nothing is written. */
const SLIDE_MS = 60_000;

export function useOverview(range: TimeRange) {
  const client = useApiClient();
  const overview = useQuery({
    queryKey: ['audit:overview', range],
    queryFn: () => client['audit:overview'](overviewSpan(range, Date.now())),
    placeholderData: keepPreviousData,
    refetchInterval: range.kind === 'preset' ? SLIDE_MS : false,
  });
  useThrottledEvents(['audit'], REFRESH_MS, () => void overview.refetch());
  return overview;
}
