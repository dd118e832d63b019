import type { Approval } from '../../../../shared/approvals';
import { Visible, VisibleLines } from '../../components/visible';
import { grantTexts } from './answer-choice';

/** The element ids that the allow buttons point at (aria-describedby) for what they grant. */
export interface GrantIds {
  once: string;
  session: string;
  always: string;
}

/**
 * What each allow answer grants, before the click: for "Always allow", the exact entry the gateway
 * will write and where; for "Allow for this session", the calls it covers. Both come from the
 * gateway's plan, which it checks again when the answer arrives.
 */
export function ApprovalGrants({ approval, ids }: { approval: Approval; ids: GrantIds }) {
  const texts = grantTexts(approval);
  const { always } = texts;
  return (
    <section className="approval-grants" aria-labelledby={`${ids.always}-title`}>
      <h4 className="approval-section-title" id={`${ids.always}-title`}>
        What each answer allows
      </h4>
      <dl className="approval-grant-list">
        <div>
          <dt>Allow once</dt>
          <dd id={ids.once}>
            <Visible text={texts.once} />
          </dd>
        </div>
        <div>
          <dt>This session</dt>
          <dd id={ids.session} data-testid="approval-grant-session">
            <Visible text={texts.session} />
          </dd>
        </div>
        <div>
          <dt>Always allow</dt>
          <dd id={ids.always} data-testid="approval-grant-always">
            {always.offered ? (
              <>
                <span>
                  Writes a new policy revision with this entry at{' '}
                  <code className="approval-grant-path">
                    <Visible text={always.path} />
                  </code>
                  :
                </span>
                {/* Focusable: a long entry scrolls, and must be readable by keyboard too. */}
                <pre
                  className="approval-rule"
                  data-testid="approval-always-rule"
                  tabIndex={0}
                  role="region"
                  aria-label="The entry Always allow writes"
                >
                  <VisibleLines text={always.json} />
                </pre>
                {always.notes.map((note) => (
                  <span className="approval-grant-note" key={note}>
                    <Visible text={note} />
                  </span>
                ))}
              </>
            ) : (
              <Visible text={always.text} />
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
