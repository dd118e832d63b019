import type { Download } from '../api/http-server';
import type { AuditLog } from '../store/audit-log';
import { exportAudit, exportContentTypes, exportFilename, parseExportParams } from './export';

/** The dashboard's and the CLI's streamed export (`GET /api/export/audit?format=…&filter=…`). */
export function auditDownload(audit: AuditLog, params: URLSearchParams): Download {
  const { format, filter, throughId } = parseExportParams(params);
  audit.flush();
  return {
    filename: exportFilename(format),
    contentType: exportContentTypes[format],
    body: exportAudit(audit, filter, format, throughId === undefined ? {} : { throughId }),
  };
}
