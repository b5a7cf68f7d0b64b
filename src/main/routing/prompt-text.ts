/**
 * Nearby devices take a plain prompt (mesh task requests and the Bluetooth Local JSON profile have no
 * chat messages), so a chat is flattened into one prompt here; and their answers carry no token counts,
 * so those are estimated. Pure.
 */
import type { ChatMessage, TaskInput } from '../inference/host-protocol.js';

const ROLE_LABEL: Record<ChatMessage['role'], string> = { system: 'System', user: 'User', assistant: 'Assistant' };

/**
 * A prompt stays as it is. A chat becomes its turns, one labelled block each ("System: …", "User: …",
 * "Assistant: …"), separated by blank lines, ending with "Assistant:" so the model writes the next turn.
 * A single user message with no other turn is sent as it is (what a one-shot IDE prompt means).
 */
export function promptOf(input: TaskInput): string {
  if ('prompt' in input) return input.prompt;
  const [only] = input.messages;
  if (input.messages.length === 1 && only?.role === 'user') return only.content;
  const turns = input.messages.map((m) => `${ROLE_LABEL[m.role]}: ${m.content}`);
  return `${turns.join('\n\n')}\n\nAssistant:`;
}

/** Rough token count of text for devices that report none: about four characters a token, at least 1 for any text. */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  return Math.max(1, Math.ceil(text.length / 4));
}

/** The prompt's estimated size, for the usage the API reports when the device gave none. */
export function estimatePromptTokens(input: TaskInput): number {
  return estimateTokens(promptOf(input));
}
