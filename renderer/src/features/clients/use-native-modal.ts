import { useEffect, useRef } from 'react';

/**
 * A `<dialog>` shown as a modal while the component is mounted: focus starts on `initial` (the
 * safe answer, such as Cancel) and goes back to what had it when the dialog closes.
 */
export function useNativeModal<T extends HTMLElement>() {
  const ref = useRef<HTMLDialogElement>(null);
  const initial = useRef<T>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    initial.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return { ref, initial };
}
