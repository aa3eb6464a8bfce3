// Validation's reads while the API server is away: waited out for the grace, never past the
// deadline, then a typed error that says how long it did not answer. Errors that are not about
// the API server's absence end the check at once.
import { describe, expect, it } from "vitest";
import {
  readThroughOutage,
  ValidationInterruptedError,
} from "../../../src/exec/read-through-outage.ts";
import { KubeError } from "../../../src/kube/kube-errors.ts";

const refused = () =>
  new KubeError("kube_cluster_unreachable", "kubectl cannot reach the Kubernetes API server.", {
    stderr: "The connection to the server 127.0.0.1:6443 was refused",
  });

// A read that fails with `error` for its first `failures` calls, then answers "ok".
function flaky(failures: number, error: () => Error = refused) {
  let calls = 0;
  const read = async () => {
    calls += 1;
    if (calls <= failures) throw error();
    return "ok";
  };
  return { read, calls: () => calls };
}

const limits = (graceMs: number, deadlineInMs = 5_000) => ({
  deadline: Date.now() + deadlineInMs,
  graceMs,
  pollMs: 10,
});

describe("readThroughOutage", () => {
  it("answers at once when the API server does", async () => {
    const { read, calls } = flaky(0);
    await expect(readThroughOutage(read, limits(1000))).resolves.toBe("ok");
    expect(calls()).toBe(1);
  });

  it("waits out a short outage and answers once the API server is back", async () => {
    const { read, calls } = flaky(3);
    await expect(readThroughOutage(read, limits(1000))).resolves.toBe("ok");
    expect(calls()).toBe(4);
  });

  it("gives up after the grace with an error that says the API server did not answer", async () => {
    const started = Date.now();
    const error = await readThroughOutage(flaky(Infinity).read, limits(200)).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationInterruptedError);
    expect(error.code).toBe("validation_interrupted");
    expect(error.message).toBe(
      "The Kubernetes API server did not answer for 1s during the check (kubectl cannot reach the Kubernetes API server).",
    );
    expect(error.stderrHead).toContain("was refused");
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("never tries again past the deadline, whatever the grace", async () => {
    const started = Date.now();
    const error = await readThroughOutage(flaky(Infinity).read, limits(60_000, 150)).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ValidationInterruptedError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("ends at once on an error that is not the API server's absence", async () => {
    const forbidden = () =>
      new KubeError("kube_forbidden", "Wheelhouse is not allowed to read this.");
    const { read, calls } = flaky(Infinity, forbidden);
    await expect(readThroughOutage(read, limits(1000))).rejects.toMatchObject({
      code: "kube_forbidden",
    });
    expect(calls()).toBe(1);
  });

  it("gives every read a signal that is still open while the read may answer", async () => {
    let signal: AbortSignal | undefined;
    await readThroughOutage(async (s) => {
      signal = s;
      return "ok";
    }, limits(1000));
    expect(signal?.aborted).toBe(false);
  });
});
