import { useState } from 'react';
import { auditExportUrl, type AuditExportFormat } from '../../../../shared/audit-query';
import { useTransportKind } from '../../api/api-context';
import { Visible } from '../../components/visible';
import { toAuditFilter, type AuditView } from './audit-view';
import { auditCommand } from './cli-command';

const formats: { format: AuditExportFormat; label: string }[] = [
  { format: 'jsonl', label: 'JSONL' },
  { format: 'csv', label: 'CSV' },
];

/**
 * Export the rows of this view, streamed by the gateway (every matching row, oldest first, opened
 * by the chain's checkpoint). In a browser the download comes from the dashboard's own address,
 * with the same login; the desktop app's page has no such address, so there the command line does
 * it.
 */
export function AuditExport({ view }: { view: AuditView }) {
  const inBrowser = useTransportKind() === 'http';
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  // A relative range is resolved again when a link is clicked: "the last hour" is the hour before the export.
  const [openedAt] = useState(() => Date.now());
  const command = auditCommand(view, 'csv');
  return (
    <div className="audit-export" data-testid="audit-export">
      {inBrowser ? (
        <>
          <span className="muted">Export this view:</span>
          {formats.map(({ format, label }) => (
            <a
              key={format}
              className="button button-small"
              data-testid={`audit-export-${format}`}
              href={auditExportUrl(toAuditFilter(view, openedAt), format)}
              onClick={(event) => {
                event.currentTarget.href = auditExportUrl(toAuditFilter(view, Date.now()), format);
              }}
              download={`portcullis-audit.${format}`}
            >
              {label}
            </a>
          ))}
        </>
      ) : (
        <span className="muted">The desktop app exports from a terminal:</span>
      )}
      <button
        type="button"
        className="button button-small"
        aria-expanded={shown}
        onClick={() => setShown(!shown)}
        data-testid="audit-export-command-toggle"
      >
        {inBrowser ? 'Command line' : 'Show the command'}
      </button>
      {shown ? (
        <div className="audit-command">
          <code data-testid="audit-export-command">
            <Visible text={command} />
          </code>
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              void navigator.clipboard.writeText(command).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
