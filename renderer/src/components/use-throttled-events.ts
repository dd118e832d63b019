import { useEffect, useRef } from 'react';
import type { GatewayEvent } from '../../../shared/events';
import { useEventStream } from '../api/api-context';

/**
 * Calls `onEvent` for events of these types, at most once per `intervalMs`: the first at once, the
 * rest folded into one call at the end of the interval. Every audit query runs on the gateway's
 * thread, so a page that follows the log asks again every few seconds under load, not per event.
 */
export function useThrottledEvents(
  types: readonly GatewayEvent['type'][],
  intervalMs: number,
  onEvent: (event: GatewayEvent) => void,
): void {
  const events = useEventStream();
  const callback = useRef(onEvent);
  useEffect(() => {
    callback.current = onEvent;
  });
  const key = types.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    let last = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let latest: GatewayEvent | undefined;
    const fire = () => {
      timer = undefined;
      last = performance.now();
      if (latest) callback.current(latest);
      latest = undefined;
    };
    const unsubscribe = events.subscribe((event) => {
      if (!wanted.has(event.type)) return;
      latest = event;
      if (timer !== undefined) return;
      const wait = last + intervalMs - performance.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [events, key, intervalMs]);
}
