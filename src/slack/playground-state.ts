// The local playground (`wheelhouse start` without SLACK_BOT_TOKEN): a fake Slack beside the bot.
// `start` writes where both listen; `say` and `click` read it to talk to them.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";

export const playgroundStateSchema = z.object({
  // The fake Slack's origin (http://127.0.0.1:PORT): messages and the remote control.
  slackOrigin: z.url(),
  eventsUrl: z.url(),
  botUserId: z.string(),
  channel: z.string(),
  pid: z.number().int(),
});
export type PlaygroundState = z.infer<typeof playgroundStateSchema>;

export const PLAYGROUND_CHANNEL = "C0PLAYGROUND";
export const PLAYGROUND_USER = "U0PLAYER";
export const PLAYGROUND_APPROVER = "U0APPROVER";
// The playground's explicit policy, used when WHEELHOUSE_POLICY is unset: what the README's
// walkthrough does is allowed in PLAYGROUND_CHANNEL; other channels only read.
export const PLAYGROUND_POLICY_PATH = join(
  import.meta.dirname,
  "..",
  "..",
  "policy.playground.yaml",
);

// Beside the cluster state scripts/cluster keeps: WHEELHOUSE_STATE, else WHEELHOUSE_CACHE/state.
export function playgroundStatePath(env: NodeJS.ProcessEnv): string {
  const cache = env.WHEELHOUSE_CACHE ?? join(homedir(), ".cache", "wheelhouse");
  return join(env.WHEELHOUSE_STATE ?? join(cache, "state"), "playground.json");
}

export async function writePlaygroundState(path: string, state: PlaygroundState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export async function removePlaygroundState(path: string): Promise<void> {
  await rm(path, { force: true });
}

export class PlaygroundNotRunningError extends Error {
  readonly code = "wheelhouse_playground_not_running";
}

export async function readPlaygroundState(path: string): Promise<PlaygroundState> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new PlaygroundNotRunningError(
      `No playground is running (${path} is missing): start one with 'npm start' (wheelhouse playground).`,
      { cause },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new PlaygroundNotRunningError(`${path} is not JSON: restart the playground.`, { cause });
  }
  const parsed = playgroundStateSchema.safeParse(data);
  if (!parsed.success)
    throw new PlaygroundNotRunningError(
      `${path} is not a playground state file: restart the playground.`,
    );
  return parsed.data;
}
