// The Alertmanager webhook as a plain function: headers and body in, an answer out, plus the
// work to do once the answer is sent. 401 without the bearer token (checked before the body is
// looked at), 413 over the size limit, 400 with the first problem for a malformed body, 202
// for a notification accepted. Mounting it on an HTTP server is alertmanager-route.ts's job.
import type { IncomingHttpHeaders } from "node:http";
import { redactText } from "../redact/redact-text.ts";
import { type AlertmanagerPayload, parseAlertmanagerPayload } from "./alertmanager-payload.ts";
import { verifyBearerToken } from "./verify-bearer-token.ts";

export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookReception {
  answer: WebhookAnswer;
  // What to do after answering; null when the request was refused.
  work: (() => Promise<void>) | null;
}

export interface AlertmanagerWebhookOptions {
  // ALERTMANAGER_TOKEN.
  token: string;
  // Bodies over this many bytes are refused (413). ALERTMANAGER_MAX_BODY_BYTES.
  maxBodyBytes: number;
  // The work for an accepted notification (processAlertGroup with its dependencies).
  process: (payload: AlertmanagerPayload) => Promise<unknown>;
}

function answer(status: number, body: Record<string, unknown>, extra = {}): WebhookAnswer {
  return {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...extra },
    body: `${JSON.stringify(body)}\n`,
  };
}

export const UNAUTHORIZED = answer(
  401,
  { error: "unauthorized", reason: "send ALERTMANAGER_TOKEN as a bearer token" },
  { "www-authenticate": 'Bearer realm="wheelhouse"' },
);

export function tooLarge(maxBodyBytes: number): WebhookAnswer {
  return answer(413, { error: "body_too_large", reason: `the limit is ${maxBodyBytes} bytes` });
}

export interface AlertmanagerWebhook {
  readonly maxBodyBytes: number;
  // The bearer check alone, so a server can refuse before reading a body.
  authorized(headers: IncomingHttpHeaders): boolean;
  receive(headers: IncomingHttpHeaders, body: Buffer | string): WebhookReception;
}

export function createAlertmanagerWebhook(
  options: AlertmanagerWebhookOptions,
): AlertmanagerWebhook {
  const authorized = (headers: IncomingHttpHeaders) =>
    verifyBearerToken(headers.authorization, options.token);
  return {
    maxBodyBytes: options.maxBodyBytes,
    authorized,
    receive(headers, body) {
      if (!authorized(headers)) return { answer: UNAUTHORIZED, work: null };
      if (Buffer.byteLength(body) > options.maxBodyBytes) {
        return { answer: tooLarge(options.maxBodyBytes), work: null };
      }
      const parsed = parseAlertmanagerPayload(body.toString());
      if (!parsed.ok) {
        return {
          answer: answer(400, { error: "invalid_payload", reason: redactText(parsed.reason) }),
          work: null,
        };
      }
      const { payload } = parsed;
      return {
        answer: answer(202, { accepted: true, alerts: payload.alerts.length }),
        work: async () => {
          await options.process(payload);
        },
      };
    },
  };
}
