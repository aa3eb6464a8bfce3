// Faults the fake Slack can be told to answer with, per method: 429 with Retry-After (Slack did
// nothing), or a 5xx, either before acting (nothing happened) or after (`afterEffect`: the
// message was posted, only the answer was lost: the ambiguous failure a blind retry duplicates).
// `hangMs`: no answer for that long (then a 504, nothing done): a request the bot must time out.
// "response_url" and "file_upload" name the two non-API endpoints (respond(), the upload URL).

export type SlackFault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 | 504; afterEffect?: boolean }
  | { status: 504; hangMs: number };

export interface SlackFaults {
  // The next calls of `method` get these faults, one call each, in order; then normal answers.
  failNext(method: string, ...faults: SlackFault[]): void;
  // Every call of `method` gets `fault` until cleared with null.
  failAlways(method: string, fault: SlackFault | null): void;
  // The fault for this call of `method`, if any (consumed).
  take(method: string): SlackFault | null;
  // Scripted faults not answered yet (all methods): a test checks its faults were hit.
  pending(): number;
  clear(): void;
}

export function createSlackFaults(): SlackFaults {
  const scripted = new Map<string, SlackFault[]>();
  const always = new Map<string, SlackFault>();
  return {
    failNext(method, ...faults) {
      scripted.set(method, [...(scripted.get(method) ?? []), ...faults]);
    },
    failAlways(method, fault) {
      if (fault === null) always.delete(method);
      else always.set(method, fault);
    },
    take(method) {
      const next = scripted.get(method)?.shift();
      return next ?? always.get(method) ?? null;
    },
    pending: () => [...scripted.values()].reduce((n, faults) => n + faults.length, 0),
    clear() {
      scripted.clear();
      always.clear();
    },
  };
}

// What Slack's edge sends for the fault: a JSON error for 429, a bare text page for a 5xx.
export function faultAnswer(fault: SlackFault): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  if (fault.status === 429) {
    return {
      status: 429,
      headers: { "retry-after": String(fault.retryAfter), "content-type": "application/json" },
      body: JSON.stringify({ ok: false, error: "ratelimited" }),
    };
  }
  return {
    status: fault.status,
    headers: { "content-type": "text/plain" },
    body: `fake Slack: injected ${fault.status}`,
  };
}

// Whether the call is acted on before the fault is answered.
export const actsDespiteFault = (fault: SlackFault | null): boolean =>
  fault === null || ("afterEffect" in fault && fault.afterEffect === true);

export const hangOf = (fault: SlackFault): number => ("hangMs" in fault ? fault.hangMs : 0);
