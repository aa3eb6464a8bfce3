import { describe, expect, it } from "vitest";
import { createBackgroundWork } from "../../../src/alerts/background-work.ts";

describe("createBackgroundWork", () => {
  it("runs one piece at a time while requests wait for their answer, all of them after", async () => {
    let answering = 2;
    const background = createBackgroundWork(
      3,
      () => {},
      () => answering,
    );
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const work = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      done.push(i);
    };
    for (let i = 0; i < 6; i++) background.run(work(i));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(peak).toBe(1);
    answering = 0;
    await background.idle();
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
