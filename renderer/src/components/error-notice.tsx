import { Visible } from './visible';

/** A failure, in the words of whoever failed: a server's error text may be hostile, so both lines are shown escaped. */
export function ErrorNotice({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-notice" role="alert">
      <p className="error-notice-title">
        <Visible text={title} />
      </p>
      <p className="error-notice-message">
        <Visible text={message} />
      </p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
