// The webhook on a Node HTTP server, in the shape of a Bolt custom route ({ path, method,
// handler }): the token is checked before any body is read, the body is read up to the limit
// and no further, the answer goes out, then the work is handed to the background.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BackgroundWork } from "./background-work.ts";
import {
  type AlertmanagerWebhook,
  tooLarge,
  UNAUTHORIZED,
  type WebhookAnswer,
} from "./receive-alertmanager-webhook.ts";

export const ALERTMANAGER_PATH = "/alerts/alertmanager";

export interface AlertmanagerRoute {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

// A refused body is not read: the connection closes after the answer instead of draining it.
function send(res: ServerResponse, answer: WebhookAnswer, close = false): void {
  if (res.headersSent) return;
  res.writeHead(answer.status, close ? { ...answer.headers, connection: "close" } : answer.headers);
  res.end(answer.body);
}

export function alertmanagerRoute(
  webhook: AlertmanagerWebhook,
  background: BackgroundWork,
  path = ALERTMANAGER_PATH,
): AlertmanagerRoute {
  return {
    path,
    method: ["POST"],
    handler(req, res) {
      if (!webhook.authorized(req.headers)) return send(res, UNAUTHORIZED, true);
      const limit = webhook.maxBodyBytes;
      if (Number(req.headers["content-length"] ?? 0) > limit)
        return send(res, tooLarge(limit), true);
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          send(res, tooLarge(limit), true);
          req.pause();
          return;
        }
        chunks.push(chunk);
      });
      // A sender that hangs up mid-body gets no answer, and nothing runs.
      req.on("error", () => req.destroy());
      req.on("end", () => {
        if (size > limit) return;
        const { answer, work } = webhook.receive(req.headers, Buffer.concat(chunks));
        send(res, answer);
        if (work !== null) background.run(work);
      });
    },
  };
}
