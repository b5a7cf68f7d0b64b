/** How to point Continue and Cline at the local API (an OpenAI-compatible provider, model `auto`). */
export function continueSnippet(baseUrl: string, key: string): string {
  return [
    '# ~/.continue/config.yaml',
    'models:',
    '  - name: EdgeCoder (auto)',
    '    provider: openai',
    '    model: auto',
    `    apiBase: ${baseUrl}`,
    `    apiKey: ${key}`,
  ].join('\n');
}

export function clineSnippet(baseUrl: string, key: string): string {
  return [
    'API Provider: OpenAI Compatible',
    `Base URL: ${baseUrl}`,
    `API Key: ${key}`,
    'Model ID: auto',
  ].join('\n');
}

/** The key with all but its last 4 characters hidden. */
export function maskKey(key: string): string {
  return key.length <= 4 ? '••••' : `${'•'.repeat(Math.min(24, key.length - 4))}${key.slice(-4)}`;
}
