// The bot (app and worker) as a child process: `wheelhouse start --role all` without a Slack
// token, which is the playground mode with its fake Slack. Resolves once it has written the
// playground state (where the fake and the bot listen); its log goes to a file.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import {
  type PlaygroundState,
  readPlaygroundState,
  removePlaygroundState,
} from "../slack/playground-state.ts";
import { type PlaygroundPart, PlaygroundStartError } from "./ensure-redis.ts";

export async function startBotProcess(options: {
  repoRoot: string;
  env: NodeJS.ProcessEnv;
  statePath: string;
  logPath: string;
  timeoutMs?: number;
}): Promise<
  PlaygroundPart & { state: PlaygroundState; pid: number; exited: Promise<number | null> }
> {
  await removePlaygroundState(options.statePath);
  const log = createWriteStream(options.logPath);
  const main = join(options.repoRoot, "src", "cli", "main.ts");
  const child = spawn(process.execPath, [main, "start", "--role", "all"], {
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: Ctrl-C reaches the playground only, which then stops it in order.
    detached: true,
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let state: PlaygroundState | null = null;
  while (state === null) {
    if (child.exitCode !== null)
      throw new PlaygroundStartError(
        `the bot exited (code ${child.exitCode}) before it was ready; see ${options.logPath}`,
      );
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new PlaygroundStartError(`the bot was not ready in time; see ${options.logPath}`);
    }
    state = await readPlaygroundState(options.statePath).then(
      (s) => (s.pid === child.pid ? s : null),
      () => null,
    );
    if (state === null) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    state,
    pid: child.pid ?? 0,
    exited,
    what: `the bot, app and worker (pid ${child.pid}, log ${options.logPath})`,
    started: true,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
