// What the bot understands, with examples people can copy.

import { bold, bullets, code, md } from "./markdown.ts";
import { type Message, message } from "./message.ts";

export function renderHelp(): Message {
  const reads = [
    md`${code("list [-n NAMESPACE]")}: releases, with their status`,
    md`${code("status RELEASE [-n NAMESPACE]")}, ${code("history RELEASE")}, ${code("values RELEASE")}, ${code("manifest RELEASE")}`,
    md`${code("diagnose RELEASE")}: why a release is unhealthy`,
    md`${code("audit [RELEASE]")}: who asked, approved and ran what`,
  ];
  const changes = [
    code("upgrade RELEASE [to VERSION|latest]"),
    code("rollback RELEASE [to REVISION]"),
    code("set RELEASE key=value …"),
    code("uninstall RELEASE [--keep-history]"),
  ];
  return message(
    "What I can do: read releases at once, and plan changes that run after approval.",
    [
      { type: "header", text: "Wheelhouse: Helm from Slack" },
      { type: "section", text: md`${bold("Answered at once")}\n${bullets(reads)}` },
      {
        type: "section",
        text: md`${bold("Planned, then run after approval")}\n${bullets(changes)}`,
      },
      {
        type: "section",
        text: md`Mention me, DM me, or use ${code("/helm")}. Plain words work too: ${code("roll back shop-frontend in staging")}, ${code("what's broken in demo?")}`,
      },
      {
        type: "context",
        lines: [
          md`Every change is planned first (dry-run, diff, risk), runs only after an allowed person approves it, and is checked in the cluster afterwards. Secrets are never shown.`,
        ],
      },
    ],
  );
}
