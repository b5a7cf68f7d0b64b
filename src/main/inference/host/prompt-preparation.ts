/**
 * Turns a run message into something the host can generate from, and counts the prompt's tokens the
 * way llama.cpp will see them (the chat template applied, BOS included), so a prompt that cannot fit
 * the context with maxTokens is refused instead of silently truncated by node-llama-cpp.
 */
import { LlamaChatSession, LlamaCompletion } from 'node-llama-cpp';
import type { ChatHistoryItem, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import type { ChatMessage, TaskInput } from '../host-protocol.js';

export type GenerateOptions = Parameters<LlamaChatSession['prompt']>[1] & Parameters<LlamaCompletion['generateCompletion']>[1];

export interface PreparedPrompt {
  promptTokens: number;
  generate(options: GenerateOptions): Promise<string>;
  dispose(): void;
}

/** Whether the prompt and the tokens asked for fit the context (llama.cpp needs both in it at once). */
export function fitsContext(promptTokens: number, maxTokens: number, contextSize: number): boolean {
  return promptTokens + maxTokens <= contextSize;
}

export function preparePrompt(model: LlamaModel, sequence: LlamaContextSequence, input: TaskInput, language: string | undefined): PreparedPrompt {
  if ('prompt' in input) {
    const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
    const bos = model.tokens.bos === null ? 0 : 1;
    return {
      promptTokens: model.tokenize(input.prompt, false).length + bos,
      generate: (options) => completion.generateCompletion(input.prompt, options),
      dispose: () => completion.dispose({ disposeSequence: false }),
    };
  }
  const { history, last } = chatHistory(input.messages, language);
  const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
  try {
    session.setChatHistory(history);
    const { contextText } = session.chatWrapper.generateContextState({
      chatHistory: [...history, { type: 'user', text: last }, { type: 'model', response: [] }],
    });
    return {
      promptTokens: contextText.tokenize(model.tokenizer).length,
      generate: (options) => session.prompt(last, options),
      dispose: () => session.dispose({ disposeSequence: false }),
    };
  } catch (err) {
    session.dispose({ disposeSequence: false });
    throw err;
  }
}

/** The history before the last message, which must come from the user. */
function chatHistory(input: readonly ChatMessage[], language: string | undefined): { history: ChatHistoryItem[]; last: string } {
  const messages = [...input];
  const last = messages.pop();
  if (!last || last.role !== 'user') throw new Error('the last chat message must come from the user');
  const history: ChatHistoryItem[] = [];
  if (language && !messages.some((m) => m.role === 'system')) history.push({ type: 'system', text: `Write ${language} code.` });
  for (const m of messages) {
    if (m.role === 'system') history.push({ type: 'system', text: m.content });
    else if (m.role === 'user') history.push({ type: 'user', text: m.content });
    else history.push({ type: 'model', response: [m.content] });
  }
  return { history, last: last.content };
}
