// A pod's problems as diagnosis codes: evaluatePod says what is wrong with each container, this
// adds why it last died (OOMKilled, exit code), its image and memory limit, and the code. Pure.
import { z } from "zod";
import type { FindingCode } from "../model/diagnosis.ts";
import { evaluatePod, type PodProblem, podSchema } from "./evaluate-pod.ts";

export type PodIssueCode = Extract<
  FindingCode,
  "crash-loop" | "image-pull" | "oom-killed" | "unschedulable" | "not-ready"
>;

export interface PodIssue {
  code: PodIssueCode;
  pod: string;
  container: string | null;
  // "CrashLoopBackOff", "ImagePullBackOff", "Unschedulable", "NotReady", …
  reason: string;
  message: string | null;
  restarts: number;
  // How the container last ended: "OOMKilled", "Error", with its exit code.
  lastReason: string | null;
  exitCode: number | null;
  image: string | null;
  memoryLimit: string | null;
  crashed: boolean;
}

const IMAGE_PULL = new Set([
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "ErrImageNeverPull",
]);
const CRASH = new Set(["CrashLoopBackOff", "RunContainerError", "Error"]);

const containerSpecSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  resources: z.object({ limits: z.record(z.string(), z.unknown()).optional() }).optional(),
});
const specSchema = z.object({
  spec: z
    .object({
      containers: z.array(containerSpecSchema).default([]),
      initContainers: z.array(containerSpecSchema).default([]),
    })
    .default({ containers: [], initContainers: [] }),
});

function codeFor(p: PodProblem, lastReason: string | null): PodIssueCode {
  // A pod-level problem that is not fatal is evaluatePod's "not scheduled"; a fatal one is a
  // pod that failed as a whole (evicted, for instance).
  if (p.container === null) return p.fatal ? "not-ready" : "unschedulable";
  if (p.reason === "OOMKilled" || lastReason === "OOMKilled") return "oom-killed";
  if (IMAGE_PULL.has(p.reason)) return "image-pull";
  if (CRASH.has(p.reason) || (p.crashed && /^exit code/.test(p.reason))) return "crash-loop";
  return "not-ready";
}

export function classifyPodIssues(object: unknown): PodIssue[] {
  const problems = evaluatePod(object);
  if (problems.length === 0) return [];
  const pod = podSchema.safeParse(object);
  const spec = specSchema.safeParse(object);
  const statuses = pod.success
    ? [
        ...(pod.data.status.initContainerStatuses ?? []),
        ...(pod.data.status.containerStatuses ?? []),
      ]
    : [];
  const containers = spec.success
    ? [...spec.data.spec.containers, ...spec.data.spec.initContainers]
    : [];
  return problems.map((p) => {
    const status = statuses.find((s) => s.name === p.container);
    const container = containers.find((c) => c.name === p.container);
    const last = status?.state.terminated ?? status?.lastState.terminated;
    const lastReason = last?.reason ?? null;
    const limit = container?.resources?.limits?.memory;
    return {
      code: codeFor(p, lastReason),
      pod: p.pod,
      container: p.container,
      reason: p.reason,
      message: p.message,
      restarts: p.restarts,
      lastReason,
      exitCode: last?.exitCode ?? null,
      image: status?.image ?? container?.image ?? null,
      memoryLimit: typeof limit === "string" || typeof limit === "number" ? String(limit) : null,
      crashed: p.crashed,
    };
  });
}
