import { describe, expect, it, vi } from "vitest";
import { createWorkQueue } from "../../../src/slack/work-queue.ts";

describe("createWorkQueue", () => {
  it("runs at most `max` pieces of work at once while the loop keeps up, and all of them", async () => {
    const errors: unknown[] = [];
    const queue = createWorkQueue({ min: 1, max: 3 }, (e) => errors.push(e));
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const work = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      done.push(i);
      if (i === 3) throw new Error("boom");
    };
    const all = Array.from({ length: 6 }, (_, i) => queue.run(work(i)));
    expect(queue.size).toBe(6);
    await queue.idle();
    await Promise.all(all);
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(errors).toHaveLength(1);
    expect(queue.size).toBe(0);
    queue.close();
  });

  it("runs only `min` at once while the event loop is slow", async () => {
    const queue = createWorkQueue({ min: 1, max: 8, maxLagMs: 1 }, () => {});
    // Keep the loop busy for a few samples: the measured delay goes far above 1 ms.
    const until = Date.now() + 400;
    while (Date.now() < until)
      await new Promise((resolve) =>
        setImmediate(() => {
          const t = Date.now();
          while (Date.now() - t < 30);
          resolve(null);
        }),
      );
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      const t = Date.now();
      while (Date.now() - t < 30);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    };
    await Promise.all(Array.from({ length: 4 }, () => queue.run(work)));
    expect(peak).toBe(1);
    queue.close();
  });

  it("runs one piece at a time while requests wait for their answer, and widens after", async () => {
    let answering = 3;
    const queue = createWorkQueue({ min: 2, max: 4, answering: () => answering }, () => {});
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 30));
      running--;
    };
    const first = Array.from({ length: 3 }, () => queue.run(work));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(peak).toBe(1);
    answering = 0;
    await Promise.all([...first, ...Array.from({ length: 4 }, () => queue.run(work))]);
    expect(peak).toBe(4);
    queue.close();
  });

  it("looks again with one timer while held back, however many pieces wait", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let answering = 1;
      const queue = createWorkQueue({ min: 1, max: 8, answering: () => answering }, () => {});
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started = 0;
      const all = Array.from({ length: 200 }, () =>
        queue.run(async () => {
          started++;
          await gate;
        }),
      );
      const turns = async () => {
        for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      };
      await turns();
      expect(started).toBe(1);
      expect(vi.getTimerCount()).toBe(1);
      // Many looks later, still one timer and still `min` running.
      for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(20);
      expect(vi.getTimerCount()).toBe(1);
      expect(started).toBe(1);
      // The burst is over: the next look widens to `max`.
      answering = 0;
      await vi.advanceTimersByTimeAsync(20);
      await turns();
      expect(started).toBe(8);
      release();
      await Promise.all(all);
      expect(started).toBe(200);
      expect(vi.getTimerCount()).toBe(0);
      queue.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
