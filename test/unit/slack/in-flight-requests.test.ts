import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createInFlightRequests } from "../../../src/slack/in-flight-requests.ts";

describe("createInFlightRequests", () => {
  it("counts a request from its arrival to its answer", async () => {
    const inFlight = createInFlightRequests();
    const seen: number[] = [];
    let answer: () => void = () => {};
    const server = createServer(
      inFlight.wrap((_req, res) => {
        seen.push(inFlight.count);
        answer = () => res.end("ok");
      }),
    );
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const response = fetch(`http://127.0.0.1:${port}/`);
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([1]);
    answer();
    expect(await (await response).text()).toBe("ok");
    expect(inFlight.count).toBe(0);
    server.close();
  });

  it("stops counting a request whose sender hung up unanswered", async () => {
    const inFlight = createInFlightRequests();
    const server = createServer(inFlight.wrap(() => {}));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const controller = new AbortController();
    const response = fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal });
    while (inFlight.count === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await response.catch(() => undefined);
    while (inFlight.count > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(inFlight.count).toBe(0);
    server.closeAllConnections();
    server.close();
  });
});
