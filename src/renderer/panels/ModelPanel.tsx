import type { ModelSummary } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';

export function ModelPanel({ model }: { model: ModelSummary | null }): React.JSX.Element {
  return (
    <Panel title="Model" testId="panel-model">
      {model === null ? (
        <EmptyState
          what="The local model this computer offers (name, size class, credit multiplier) and models on disk will appear here."
          why="No model is active yet: add a .gguf file or download one to start offering compute."
        />
      ) : (
        <dl className="figures">
          <div><dt>Active</dt><dd>{model.name}</dd></div>
          <div><dt>Size</dt><dd>{model.paramSize}B</dd></div>
          <div><dt>State</dt><dd>{model.state}</dd></div>
        </dl>
      )}
    </Panel>
  );
}
