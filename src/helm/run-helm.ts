// Runs helm with execa: an argv array, never a shell, a deadline that kills the process (the
// caller derives it: helm-client.ts), and a failure classified into a typed error with the
// command and the head of stderr.
import { HelmBinaryMissingError, HelmTimeoutError } from "../model/helm-errors.ts";
import { classifyHelmFailure } from "./classify-helm-failure.ts";
import { execaOffThread } from "./execa-off-thread.ts";

export interface HelmProcessOptions {
  bin: string;
  env: Record<string, string>;
  timeoutMs: number;
  // Ends the process early (SIGTERM) when its answer is no longer wanted.
  signal?: AbortSignal;
  // After SIGTERM, how long helm may take before SIGKILL. Default 5000 (a change's rollback).
  forceKillAfterMs?: number;
}

export interface HelmRunResult {
  stdout: string;
  stderr: string;
}

// Time for helm to roll back its own state after SIGTERM before it is killed outright.
const FORCE_KILL_AFTER_MS = 5_000;

export async function runHelm(
  argv: string[],
  options: HelmProcessOptions,
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<HelmRunResult> {
  // Off the main thread: spawning holds its thread until the child has exec'd.
  const result = await execaOffThread(options.bin, argv, {
    env: options.env,
    extendEnv: true,
    reject: false,
    stdin: "ignore",
    timeout: options.timeoutMs,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    forceKillAfterDelay: options.forceKillAfterMs ?? FORCE_KILL_AFTER_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const command = [options.bin, ...argv];
  // Stopped by the caller's signal: its deadline passed, or the answer is no longer wanted.
  if (result.timedOut || result.isCanceled) {
    throw new HelmTimeoutError(result.timedOut ? options.timeoutMs : undefined, {
      command,
      stderr: result.stderr,
      cause: result.cause,
    });
  }
  if (result.exitCode === undefined && result.cause instanceof Error && "code" in result.cause) {
    if (result.cause.code === "ENOENT" || result.cause.code === "EACCES") {
      throw new HelmBinaryMissingError(options.bin, result.cause);
    }
  }
  if (result.failed) {
    throw classifyHelmFailure({
      command,
      stderr: result.stderr || (result.message ?? ""),
      exitCode: result.exitCode,
      dryRun,
      cause: result.cause,
    });
  }
  return { stdout: result.stdout, stderr: result.stderr };
}
