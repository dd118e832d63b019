import { useCallback, useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = () => window.location.hash;

/** The part of `#/page?a=1&b=2` after the `?`. */
export function hashQuery(hash: string): string {
  const at = hash.indexOf('?');
  return at < 0 ? '' : hash.slice(at + 1);
}

/**
 * A page's view in its link: `#/audit?q=…&outcome=…`. Reading follows the address; `navigate`
 * writes a new entry (Back returns to the previous view) or, with `replace`, changes this one
 * (opening a row's detail should not fill the history).
 */
export function useHashParams(page: string): {
  params: URLSearchParams;
  query: string;
  navigate: (params: URLSearchParams, options?: { replace?: boolean }) => void;
} {
  const query = hashQuery(useSyncExternalStore(subscribe, readHash));
  const navigate = useCallback(
    (params: URLSearchParams, options: { replace?: boolean } = {}) => {
      const text = params.toString();
      const hash = `#/${page}${text ? `?${text}` : ''}`;
      if (hash === window.location.hash) return;
      if (options.replace) {
        window.history.replaceState(window.history.state, '', hash);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } else {
        window.location.hash = hash;
      }
    },
    [page],
  );
  return { params: new URLSearchParams(query), query, navigate };
}
