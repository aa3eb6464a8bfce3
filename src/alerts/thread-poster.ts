// What alert and watcher threads need from a chat: a top-level post, replies in its thread and
// updates of the post. Messages are plain data; the chat adapter turns them into its own format.
import type { Diagnosis } from "../model/diagnosis.ts";
import type { ReleaseRef } from "../model/release.ts";

export interface ThreadRef {
  channel: string;
  threadTs: string;
}

// A plan the thread offers with Approve/Reject (made and stored by whoever proposes it).
export interface ProposedPlan {
  id: string;
  // One line: "Roll back argocd/argocd to revision 6".
  description: string;
}

export interface ThreadMessage {
  // One line for notifications. Plain text.
  summary: string;
  // Plain text, never markup: the adapter escapes every line (it all may come from outside).
  lines: string[];
  // Approve/Reject buttons for this plan.
  plan?: ProposedPlan;
  // The diagnosis these lines tell, for a chat that renders it richly (the lines say the same).
  diagnosis?: Diagnosis;
}

export interface ThreadPoster {
  // A new message in a channel; returns its ts (the thread's id).
  post(channel: string, message: ThreadMessage): Promise<string>;
  reply(thread: ThreadRef, message: ThreadMessage): Promise<string>;
  update(channel: string, ts: string, message: ThreadMessage): Promise<void>;
}

// Makes the recommended plan for a diagnosis (dry-run done, stored for the thread it is shown
// in); null when there is none.
export type ProposePlan = (
  release: ReleaseRef,
  diagnosis: Diagnosis,
  thread: ThreadRef,
) => Promise<ProposedPlan | null>;
