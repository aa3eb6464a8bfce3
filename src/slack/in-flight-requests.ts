// Requests received on the Slack-facing port and not answered yet. Work done after an ack shares
// the event loop with the acks still to send; the work queues read this count to step aside
// while anyone is waiting for an answer (see work-queue.ts and alerts/background-work.ts).
import type { IncomingMessage, ServerResponse } from "node:http";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface InFlightRequests {
  readonly count: number;
  // The same listener, counting each request from its arrival to its answer (or hang-up).
  wrap(listener: Listener): Listener;
}

export function createInFlightRequests(): InFlightRequests {
  let count = 0;
  return {
    get count() {
      return count;
    },
    wrap(listener) {
      return (req, res) => {
        count++;
        let answered = false;
        const done = () => {
          if (answered) return;
          answered = true;
          count--;
        };
        res.once("finish", done);
        res.once("close", done);
        listener(req, res);
      };
    },
  };
}
