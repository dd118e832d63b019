import { useMutation } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent } from 'react';
import { useApiClient } from '../../api/api-context';
import { ErrorNotice } from '../../components/error-notice';
import { pluralize } from '../../lib/format';
import { DocumentEditor, type EditorText } from './document-editor';
import { DraftBanner } from './draft-banner';
import { HistoryPanel } from './history-panel';
import { ToolsPanel } from './tools-panel';
import { useActivePolicy } from './use-policy';
import './policies.css';

const tabs = [
  { id: 'tools', label: 'Tools' },
  { id: 'document', label: 'Document' },
  { id: 'history', label: 'History' },
] as const;
type TabId = (typeof tabs)[number]['id'];

export function PoliciesPage() {
  const [tab, setTab] = useState<TabId>('tools');
  // Lifted here so that edits survive switching tabs, and so a suggestion or the draft can be opened into it.
  const [editor, setEditor] = useState<EditorText>();
  const baseId = useId();
  const openInEditor = (next: EditorText) => {
    setEditor(next);
    setTab('document');
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`${baseId}-tab-${next.id}`)?.focus();
  };

  return (
    <section className="page policies-page" aria-labelledby="policies-heading">
      <header className="page-header page-header-split">
        <div>
          <h1 id="policies-heading">Policies</h1>
          <p className="page-subtitle">
            What each tool may do. Every change is saved as a new revision of the policy, so any change can be
            compared and rolled back.
          </p>
        </div>
        <SuggestButton editor={editor} onSuggested={openInEditor} />
      </header>
      <DraftBanner onOpen={openInEditor} />
      <div className="tabs" role="tablist" aria-label="Policy views">
        {tabs.map((t, index) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${baseId}-tab-${t.id}`}
            className="tab"
            aria-selected={tab === t.id}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            data-testid={`policies-tab-${t.id}`}
            onClick={() => setTab(t.id)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {t.label}
            {t.id === 'document' && editor ? <span className="tab-dot" aria-label="(edited)" /> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${tab}`}>
        {tab === 'tools' ? (
          <ToolsPanel />
        ) : tab === 'document' ? (
          <DocumentEditor editor={editor} onChange={setEditor} />
        ) : (
          <HistoryPanel />
        )}
      </div>
    </section>
  );
}

/** `policy:suggest` into the editor, for review: nothing is saved until the person saves it. */
function SuggestButton({
  editor,
  onSuggested,
}: {
  editor: EditorText | undefined;
  onSuggested: (editor: EditorText) => void;
}) {
  const client = useApiClient();
  const active = useActivePolicy();
  const [confirming, setConfirming] = useState(false);
  const suggest = useMutation({
    mutationFn: () => client['policy:suggest']({}),
    onSuccess: ({ document, tools }) => {
      setConfirming(false);
      onSuggested({
        text: document,
        origin: 'suggestion',
        baseRevision: active.data?.revision,
        note: `Suggested from ${pluralize(tools, 'tool')} seen so far: Read allowed, Write allowed up to 30 calls a minute per client, Destructive, Financial and Execute ask first, anything else asks first.`,
      });
    },
  });
  const unsaved = editor !== undefined && editor.text !== active.data?.document;
  return (
    <div className="suggest">
      {confirming ? (
        <div className="actions">
          <span className="small">Replace your unsaved edits with a suggestion?</span>
          <button type="button" className="button button-primary" onClick={() => suggest.mutate()}>
            Replace
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="policy-suggest"
          disabled={suggest.isPending}
          onClick={() => (unsaved ? setConfirming(true) : suggest.mutate())}
        >
          {suggest.isPending ? 'Suggesting…' : 'Suggest a policy'}
        </button>
      )}
      {suggest.isError ? <ErrorNotice title="Could not suggest a policy." error={suggest.error} /> : null}
    </div>
  );
}
