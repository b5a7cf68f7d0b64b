/**
 * The shapes shared by the router (ranking), the request router (attempts with failover) and the local
 * API. Pure types: the rules live in router.ts and request-router.ts.
 */
import type { CandidateKind, CodingLanguage, CodingRun, CostTerms, RouteAttempt, SkipReason } from '../../shared/routing.js';
import type { TaskInput } from '../inference/host-protocol.js';

/** Everything the router needs to know about one device (a nearby peer or this computer). */
export interface RouteCandidate {
  /** noble peripheral id for peers; 'this-computer' for the local model. */
  id: string;
  kind: CandidateKind;
  /** What the user sees: the advertised name, or "this computer". */
  name: string;
  /** Mesh peers: the agent id and key a paid task is signed for; null otherwise / unknown. */
  agentId: string | null;
  publicKey: string | null;
  deviceType: 'phone' | 'laptop' | 'workstation';
  /** The model it serves (mesh: capabilities.model; iPhones: 'on-device'; this computer: the active model). */
  model: string | null;
  /** Billions of parameters; null when the device does not say (Bluetooth Local iPhones). */
  paramSize: number | null;
  /** Running + queued tasks (currentLoad: the cost adds 20 per task); null when unknown, and then never used. */
  currentLoad: number | null;
  /** Phones only count it. */
  batteryPct: number | null;
  /** Null for this computer. */
  rssi: number | null;
  lastSeenAt: number;
  /** False when the device is in another mesh. */
  sameMesh: boolean;
  /** Identity and capabilities (or the iPhone's status) have been read. */
  identified: boolean;
  /** The model can answer now (mesh: identified with a model; iPhones: modelState 'ready'; this computer: engine ready). */
  modelReady: boolean;
  /** This computer's own peripheral seen by its own central. */
  ownPeripheral: boolean;
  /** The central gave up reconnecting to it (backoff exhausted); it is listed, not tried. */
  unreachable?: boolean;
}

export interface RankedCandidate {
  candidate: RouteCandidate;
  terms: CostTerms;
  /** Bluetooth Local iPhone without a model size, costed as 0 B. */
  sizeUnknown: boolean;
}

export interface SkippedCandidate {
  candidate: RouteCandidate;
  reason: SkipReason;
  /** The terms when they could be computed (too_costly, model_mismatch…), else null. */
  terms: CostTerms | null;
  sizeUnknown: boolean;
}

export interface Ranking {
  ranked: RankedCandidate[];
  skipped: SkippedCandidate[];
}

export interface RankOptions {
  now: number;
  /** Default 60 s: a device not heard from for that long is evicted and no longer routed to. */
  staleAfterMs?: number;
  /** Default 200: cost ≥ threshold is skipped. */
  threshold?: number;
  /** 'auto' or undefined: any model; otherwise only candidates serving this model id. */
  model?: string;
}

/** One request this computer routes (from the local API or the dashboard's prompt box). */
export interface CompletionJob {
  input: TaskInput;
  maxTokens: number;
  /** 'auto' lets the router choose; otherwise a model id from availableModels(). */
  model: string;
  source: 'local-api' | 'dashboard';
  /** "Run as a coding task": the device writes code for the prompt, runs it and fixes it (devices without a sandbox are skipped). */
  coding?: CodingRequest;
  signal?: AbortSignal;
  /** Overall deadline of all attempts together (default 120 s). */
  timeoutMs?: number;
  /**
   * Streamed text; devices that answer in one piece call it once with the whole output. `source` names
   * the device producing it (at least on an attempt's first token), so the local API can send its
   * headers then; without it the API holds the text until the outcome names the device.
   */
  onToken?: (text: string, source?: TokenSource) => void;
}

/** A coding request's language and kind (micro_loop: 2 iterations; single_step: 1). */
export interface CodingRequest {
  language: CodingLanguage;
  kind: 'micro_loop' | 'single_step';
}

/** Who is producing the streamed text, and the terms it won on. */
export interface TokenSource {
  servedBy: CompletionOutcome['servedBy'];
  terms: CostTerms;
}

export interface CompletionOutcome {
  requestId: string;
  output: string;
  completionTokens: number;
  /** Tokens of the prompt when the device reports it (this computer), else an estimate. */
  promptTokens: number;
  finishReason: 'stop' | 'length';
  servedBy: { id: string; name: string; kind: CandidateKind };
  terms: CostTerms;
  attempts: RouteAttempt[];
  /** Credits paid (mesh peers, from the verified receipt); null when unpaid. */
  credits: number | null;
  /** A coding request's run; `output` is its stdout. */
  coding?: CodingRun;
}

/** A model the local API lists: 'auto' and every model a routable candidate serves now. */
export interface ModelOffer {
  id: string;
  /** Who serves it, e.g. "this computer", "EdgeCoder sim-laptop-1". */
  servedBy: string[];
}

/**
 * The port the local API talks to: the request router (this computer's engine and nearby devices with
 * failover) in the app; a runner over one engine in tests. Errors are the route errors of route-errors.ts.
 */
export interface CompletionRunner {
  run(job: CompletionJob): Promise<CompletionOutcome>;
  /** 'auto' first, then every model a device can serve now. */
  models(): ModelOffer[];
}
