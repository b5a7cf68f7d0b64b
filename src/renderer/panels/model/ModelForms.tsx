import { useState } from 'react';

/** "Add model": the path of a .gguf already on this computer (the runner checks its header first). */
export function AddModelForm(props: { busy: boolean; onAdd: (path: string) => Promise<boolean> }): React.JSX.Element {
  const [path, setPath] = useState('');
  return (
    <form className="model-form" data-testid="model-add-form" onSubmit={(e) => {
      e.preventDefault();
      void props.onAdd(path.trim()).then((ok) => ok && setPath(''));
    }}>
      <label>Add a model file on this computer
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/model.gguf" maxLength={4096} data-testid="model-add-path" />
      </label>
      <button type="submit" className="small" disabled={props.busy || path.trim() === ''} data-testid="model-add-submit">Add model</button>
    </form>
  );
}

/** "Download": an http(s) URL or hf: URI, and the publisher's sha256 (optional, strongly advised). */
export function DownloadForm(props: { busy: boolean; onDownload: (uri: string, sha256: string) => Promise<boolean> }): React.JSX.Element {
  const [uri, setUri] = useState('');
  const [sha256, setSha256] = useState('');
  return (
    <form className="model-form" data-testid="model-download-form" onSubmit={(e) => {
      e.preventDefault();
      void props.onDownload(uri.trim(), sha256.trim()).then((ok) => {
        if (ok) {
          setUri('');
          setSha256('');
        }
      });
    }}>
      <label>Download a model
        <input type="text" value={uri} onChange={(e) => setUri(e.target.value)} placeholder="https://…/model.gguf or hf:user/repo:Q4_K_M" maxLength={2048} data-testid="model-download-uri" />
      </label>
      <label>sha256 (optional)
        <input type="text" value={sha256} onChange={(e) => setSha256(e.target.value)} placeholder="64 hex digits" maxLength={64} data-testid="model-download-sha256" />
      </label>
      <button type="submit" className="small" disabled={props.busy || uri.trim() === ''} data-testid="model-download-submit">Download</button>
    </form>
  );
}
