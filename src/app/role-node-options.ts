// The V8 settings every long-running role is started with (the Dockerfile's ENV, scripts/start.sh,
// the benchmarks' app and worker). A role's requests allocate many short-lived objects (zod
// parses, Block Kit, redaction, Slack API calls); V8's default young generation (16 MB
// semi-spaces) fills several times a second under a burst, and each scavenge runs on the thread
// that acks Slack. With 32 MB semi-spaces it fills half as often; measured in bench/slack.bench.ts,
// five runs each: ack p99 against bare Bolt at 50 concurrent, median 1.33 → 1.17 (200: worst
// 1.60 → 1.16), with the same RSS once the idle release has run (release-idle-memory.ts).
export const ROLE_NODE_OPTIONS = "--max-semi-space-size=32";
