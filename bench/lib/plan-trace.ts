// Where a plan's time goes: the helm and kubectl clients wrapped so each call says when it
// started and ended (a Proxy, so the plan runs the real clients unchanged).
import type { KubeReader, PreparedValidation } from "../../src/kube/kubectl-client.ts";

export interface PlanTrace {
  start: number;
  events: { what: string; start: number; end: number }[];
}

function describeArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === "string") return a;
      if (typeof a === "object" && a !== null && "kind" in a) return String(a.kind);
      if (typeof a === "object" && a !== null && "resource" in a) return String(a.resource);
      return "";
    })
    .filter((s) => s !== "")
    .join(" ");
}

function timedCall<T>(trace: PlanTrace, what: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = run();
  const end = () => trace.events.push({ what, start, end: performance.now() });
  result.then(end, end);
  return result;
}

// Every method of `target` that answers a promise, timed under `label`.
export function traced<T extends object>(target: T, label: string, trace: PlanTrace): T {
  return new Proxy(target, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const out: unknown = value.apply(target, args);
        if (!(out instanceof Promise)) return out;
        return timedCall(trace, `${label} ${String(property)} ${describeArgs(args)}`, () => out);
      };
    },
  });
}

export function tracedKube(kube: KubeReader, trace: PlanTrace): KubeReader {
  return {
    get: (query) => timedCall(trace, `kubectl get ${query.resource}`, () => kube.get(query)),
    getOne: (query) => timedCall(trace, `kubectl get ${query.resource}`, () => kube.getOne(query)),
    validateManifest: (manifest, namespace) =>
      timedCall(trace, "kubectl apply --dry-run=server", () =>
        kube.validateManifest(manifest, namespace),
      ),
    prepareValidation(namespace, identity) {
      const started = performance.now();
      const prepared: PreparedValidation = kube.prepareValidation(namespace, identity);
      return {
        async validate(manifest) {
          const given = performance.now();
          try {
            return await prepared.validate(manifest);
          } finally {
            trace.events.push({
              what: "kubectl apply --dry-run=server (started early)",
              start: started,
              end: given,
            });
            trace.events.push({
              what: `  … manifest given (${manifest.length} bytes) → answered`,
              start: given,
              end: performance.now(),
            });
          }
        },
        cancel: () => prepared.cancel(),
      };
    },
  };
}
