import type { Finding } from '../../../../shared/trust';
import { flagLabels } from './labels';
import { Visible } from '../../components/visible';

/** What the scanner found, each with the text that triggered it, every hidden character shown. */
export function FindingsList({ findings }: { findings: readonly Finding[] }) {
  return (
    <ul className="trust-findings" data-testid="trust-findings">
      {findings.map((finding, i) => (
        <li key={i} className="trust-finding" data-kind={finding.kind}>
          <p>
            <strong>{flagLabels[finding.kind]}</strong> in <code>{finding.field}</code>: {finding.detail}
          </p>
          <blockquote className="trust-quote mono">
            <Visible text={finding.text} />
          </blockquote>
        </li>
      ))}
    </ul>
  );
}
