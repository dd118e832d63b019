import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import {
  riskLevelSchema,
  toolCategorySchema,
  type RiskLevel,
  type ToolCategory,
} from '../../../../shared/tools';
import { useApiClient } from '../../api/api-context';
import { queryKeys } from '../../api/query-keys';
import { RiskBadge } from '../../components/risk-badge';
import { Visible } from '../../components/visible';
import { visibleText } from '../../../../shared/visible-text';
import type { ToolSummary } from './tool-groups';

/** The badge, and a small form to override the classification or go back to the automatic one. */
export function RiskControl({ tool }: { tool: ToolSummary }) {
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<ToolCategory>(tool.classification.category);
  const [risk, setRisk] = useState<RiskLevel>(tool.classification.risk);
  const client = useApiClient();
  const queryClient = useQueryClient();
  const formId = useId();
  const classify = useMutation({
    mutationFn: async (override: { category: ToolCategory; risk: RiskLevel } | undefined) => {
      await client['tools:classify']({ server: tool.server, tool: tool.name, ...override });
      await queryClient.invalidateQueries({ queryKey: queryKeys.tools });
    },
    onSuccess: () => setOpen(false),
  });
  const toggle = () => {
    setCategory(tool.classification.category);
    setRisk(tool.classification.risk);
    classify.reset();
    setOpen(!open);
  };
  const { automatic } = tool;

  return (
    <div className="risk-control">
      <div className="risk-line">
        <RiskBadge classification={tool.classification} overridden={tool.overridden} />
        <button
          type="button"
          className="link-button"
          aria-expanded={open}
          aria-controls={formId}
          aria-label={`Change the risk of ${visibleText(tool.name)}`}
          onClick={toggle}
        >
          {open ? 'Close' : 'Change'}
        </button>
      </div>
      {open ? (
        <form
          id={formId}
          className="risk-form"
          data-testid="risk-form"
          onSubmit={(event) => {
            event.preventDefault();
            classify.mutate({ category, risk });
          }}
        >
          <p className="risk-reason">
            {tool.overridden ? 'Set by you. ' : ''}
            <Visible
              text={`Worked out by Portcullis: ${automatic.category} · ${automatic.risk} (${automatic.reason}).`}
            />
          </p>
          <label className="control">
            <span className="control-label">Category</span>
            <select
              value={category}
              onChange={(event) => setCategory(toolCategorySchema.parse(event.target.value))}
            >
              {toolCategorySchema.options.map((option) => (
                <option key={option}>{option}</option>
              ))}
            </select>
          </label>
          <label className="control">
            <span className="control-label">Risk</span>
            <select value={risk} onChange={(event) => setRisk(riskLevelSchema.parse(event.target.value))}>
              {riskLevelSchema.options.map((option) => (
                <option key={option}>{option}</option>
              ))}
            </select>
          </label>
          <div className="actions">
            <button
              type="submit"
              className="button button-small button-primary"
              disabled={classify.isPending}
            >
              Set
            </button>
            {tool.overridden ? (
              <button
                type="button"
                className="button button-small"
                disabled={classify.isPending}
                onClick={() => classify.mutate(undefined)}
              >
                Reset to automatic ({automatic.category} · {automatic.risk})
              </button>
            ) : null}
          </div>
          {classify.isError ? (
            <p className="control-error" role="alert">
              <Visible text={classify.error.message} />
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
