// A load client in a process of its own (as Alertmanager is): posts every body at once and
// prints each answer's status and latency as JSON. Input on stdin: { url, token, bodies }.
import { text } from "node:stream/consumers";
import { z } from "zod";

const input = z
  .object({ url: z.string(), token: z.string(), bodies: z.array(z.string()) })
  .parse(JSON.parse(await text(process.stdin)));

// Warm up: fetch loads its HTTP client on first use (a long-running Alertmanager has it loaded).
await (await fetch(input.url, { method: "POST", body: "{}" })).text();

const results = await Promise.all(
  input.bodies.map(async (body) => {
    const started = performance.now();
    const response = await fetch(input.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${input.token}` },
      body,
    });
    await response.text();
    return { status: response.status, ms: performance.now() - started };
  }),
);
process.stdout.write(JSON.stringify(results));
