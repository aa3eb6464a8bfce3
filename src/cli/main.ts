// The wheelhouse command line: one subcommand per file, dispatched here.
import { loadConfig } from "../config/config.ts";
import { createHelmFromConfig } from "./create-helm-from-config.ts";
import { readCommand } from "./read-command.ts";
import { redactedWriter, redactOutput } from "./redact-output.ts";
import { versionLine } from "./version.ts";

const USAGE = `usage: wheelhouse <command> [options]

commands:
  analyze [--inventory FILE] [--batch FILE] "<text>"   print the Intent a message asks for
  list [-n NAMESPACE]                                  list releases
  status|history|values|manifest RELEASE -n NAMESPACE  read one release
  plan [--json] [--keep-history] "<text>"              plan a change (nothing runs)
  diagnose [--json] RELEASE -n NAMESPACE               why a release is broken, and what to do
  diagnose [--json] --snapshot FILE                    the same, from a saved snapshot
  playground [--port N]                                the bot, a local cluster and a Slack-like page in the browser
  start [--role app|worker|all]                        run the bot (no SLACK_BOT_TOKEN: local playground)
  say "<text>" [--as U…] [--channel C…]                playground: mention the bot, print its replies
  click approve|reject PLAN_ID [--as U…]               playground: click a plan's button
  --version                                            print versions
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // Every command prints through these: redacted at the writer (redact-output.ts).
  const io = {
    stdout: redactedWriter((s) => process.stdout.write(`${s}\n`)),
    stderr: redactedWriter((s) => process.stderr.write(`${s}\n`)),
  };
  if (command === "--version" || command === "version") {
    io.stdout(versionLine());
    return 0;
  }
  if (command === undefined || command === "help" || command === "--help") {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  const config = loadConfig(process.env);
  switch (command) {
    case "analyze": {
      const { analyzeCommand } = await import("./analyze-command.ts");
      return analyzeCommand(rest, {
        listInventory: async () => (await createHelmFromConfig(config)).list(),
        env: process.env,
        ...io,
      });
    }
    case "list":
    case "status":
    case "history":
    case "values":
    case "manifest":
      return readCommand(command, rest, { helm: () => createHelmFromConfig(config), ...io });
    case "plan":
      return (await import("./plan-command.ts")).planCommandFromConfig(rest, config, io);
    case "diagnose":
      return (await import("./diagnose-command.ts")).diagnoseCommandFromConfig(rest, config, io);
    case "start":
      return (await import("./start-command.ts")).startCommand(rest, config, io);
    case "playground":
      return (await import("../playground/playground-command.ts")).playgroundCommand(
        rest,
        config,
        io,
      );
    case "say":
      return (await import("./say-command.ts")).sayCommand(rest, io);
    case "click":
      return (await import("./click-command.ts")).clickCommand(rest, io);
    default:
      io.stderr(`wheelhouse: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const text = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${redactOutput(`wheelhouse: ${text}`)}\n`);
    process.exitCode = 1;
  },
);
