// The image's HEALTHCHECK: exit 0 when this container's /healthz answers 2xx within 4 s.
// The port is HEALTH_PORT when the role has its own health listener, else the app's PORT.
const port = process.env.HEALTH_PORT ?? process.env.PORT ?? "3000";
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(4000),
  });
  process.exitCode = response.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`healthcheck: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
