// Reads answered at once: the release list, one release's status, history, values and manifest.
// Values and manifests are redacted here whatever the caller did: secrets never reach a chat.
import { stringify } from "yaml";
import type { HistoryEntry, ReleaseDetail } from "../model/helm-output-schemas.ts";
import type { Inventory, ReleaseRef } from "../model/release.ts";
import { redactManifest } from "../redact/redact-manifest.ts";
import { redactText } from "../redact/redact-text.ts";
import { redactValues } from "../redact/redact-values.ts";
import { bold, code, formatTime, italic, md, plural, statusEmoji } from "./markdown.ts";
import { type Block, type Message, message } from "./message.ts";
import { clusterBlock } from "./render-run-limits.ts";

export type ReadResult =
  | { kind: "list"; namespace: string | null; statusFilter: string | null; releases: Inventory }
  | { kind: "status"; detail: ReleaseDetail }
  | { kind: "history"; release: ReleaseRef; entries: HistoryEntry[] }
  | { kind: "values"; release: ReleaseRef; values: Record<string, unknown>; all: boolean }
  | { kind: "manifest"; release: ReleaseRef; manifest: string };

// Rows shown in the message; a longer list is attached whole.
export const LIST_MAX_ROWS = 60;
// Characters of YAML shown inline; a longer manifest is attached whole.
export const MANIFEST_INLINE_CHARS = 2500;

const where = (r: ReleaseRef) => md`${code(r.name)} in ${code(r.namespace)}`;

function renderList(result: Extract<ReadResult, { kind: "list" }>): Message {
  const scope = md`${result.namespace ? md`in ${code(result.namespace)}` : "in all namespaces"}${
    result.statusFilter ? ` with status ${result.statusFilter}` : ""
  }`;
  const releases = result.releases;
  if (releases.length === 0)
    return message(md`No releases ${scope}.`, [
      { type: "section", text: md`No releases ${scope}.` },
    ]);
  const counts = new Map<string, number>();
  for (const r of releases) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const tally = [...counts].map(([s, n]) => `${statusEmoji(s)} ${n} ${s}`).join(" · ");
  const namespaces = new Set(releases.map((r) => r.namespace)).size;
  const header = md`${bold(plural(releases.length, "release"))} ${scope} (${plural(namespaces, "namespace")}): ${tally}`;
  const row = (r: Inventory[number]) => [
    `${statusEmoji(r.status)} ${r.name}`,
    r.namespace,
    String(r.revision),
    r.status,
    r.chart,
    r.app_version,
    formatTime(r.updated),
  ];
  const columns = ["NAME", "NAMESPACE", "REV", "STATUS", "CHART", "APP", "UPDATED"];
  const blocks: Block[] = [
    { type: "section", text: header },
    { type: "table", columns, rows: releases.slice(0, LIST_MAX_ROWS).map(row) },
  ];
  const attachments = [];
  if (releases.length > LIST_MAX_ROWS) {
    blocks.push({
      type: "context",
      lines: [
        md`${italic(
          `${releases.length - LIST_MAX_ROWS} more not shown: the whole list is attached (releases.txt). Narrow it with -n <namespace> or a status.`,
        )}`,
      ],
    });
    const lines = [columns, ...releases.map(row)].map((cells) => cells.join("\t"));
    attachments.push({
      filename: "releases.txt",
      title: `${releases.length} releases`,
      content: `${lines.join("\n")}\n`,
    });
  }
  return message(md`${plural(releases.length, "release")} ${scope}`, blocks, attachments);
}

function renderStatus(detail: ReleaseDetail): Message {
  const ref = { name: detail.name, namespace: detail.namespace };
  const chart = detail.chart?.metadata;
  const blocks: Block[] = [
    {
      type: "section",
      text: md`${statusEmoji(detail.info.status)} ${where(ref)}: ${bold(detail.info.status)} at revision ${detail.version}`,
    },
    {
      type: "fields",
      fields: [
        { label: "Chart", value: md`${chart ? `${chart.name} ${chart.version}` : "?"}` },
        { label: "App version", value: md`${chart?.appVersion ?? "?"}` },
        { label: "Revision", value: md`${detail.version}` },
        {
          label: "Last deployed",
          value: md`${detail.info.last_deployed ? formatTime(detail.info.last_deployed) : "?"}`,
        },
        {
          label: "First deployed",
          value: md`${detail.info.first_deployed ? formatTime(detail.info.first_deployed) : "?"}`,
        },
        { label: "Description", value: md`${detail.info.description || "(none)"}` },
      ],
    },
  ];
  // The chart's NOTES.txt is where charts print how to log in, credentials included.
  const notes = detail.info.notes?.trim() ?? "";
  if (notes !== "") {
    blocks.push(
      { type: "context", lines: [md`${bold("Notes")} (the chart's NOTES.txt)`] },
      { type: "code", text: redactText(notes) },
    );
  }
  return message(
    `${detail.name} (${detail.namespace}): ${detail.info.status}, revision ${detail.version}`,
    blocks,
  );
}

function renderHistory(result: Extract<ReadResult, { kind: "history" }>): Message {
  const entries = [...result.entries].sort((a, b) => b.revision - a.revision);
  const blocks: Block[] = [
    {
      type: "section",
      text: md`History of ${where(result.release)}: ${plural(entries.length, "revision")}, newest first`,
    },
    {
      type: "table",
      columns: ["REV", "STATUS", "CHART", "APP", "UPDATED", "DESCRIPTION"],
      rows: entries.map((h) => [
        String(h.revision),
        `${statusEmoji(h.status)} ${h.status}`,
        h.chart,
        h.app_version,
        formatTime(h.updated),
        h.description,
      ]),
    },
  ];
  return message(`History of ${result.release.name} (${result.release.namespace})`, blocks);
}

function renderValues(result: Extract<ReadResult, { kind: "values" }>): Message {
  const values = redactValues(result.values);
  const empty = typeof values === "object" && values !== null && Object.keys(values).length === 0;
  const what = result.all ? "All values (chart defaults included)" : "Values you set";
  const blocks: Block[] = [{ type: "section", text: md`${what} on ${where(result.release)}` }];
  if (empty)
    blocks.push({ type: "context", lines: [md`None: the release runs on the chart's defaults.`] });
  else blocks.push({ type: "code", text: stringify(values).trimEnd() });
  blocks.push({ type: "context", lines: [md`Secrets are redacted by key name and by content.`] });
  return message(`${what} on ${result.release.name} (${result.release.namespace})`, blocks);
}

function renderManifest(result: Extract<ReadResult, { kind: "manifest" }>): Message {
  const manifest = redactManifest(result.manifest);
  const objects = (manifest.match(/^kind:/gm) ?? []).length;
  const blocks: Block[] = [
    {
      type: "section",
      text: md`Manifest of ${where(result.release)}: ${plural(objects, "object")}`,
    },
  ];
  if (manifest.length <= MANIFEST_INLINE_CHARS) {
    blocks.push({ type: "code", text: manifest });
    blocks.push({ type: "context", lines: [md`Secret data is redacted.`] });
    return message(`Manifest of ${result.release.name} (${result.release.namespace})`, blocks);
  }
  const head = manifest.slice(0, MANIFEST_INLINE_CHARS);
  blocks.push({ type: "code", text: head.slice(0, head.lastIndexOf("\n") + 1 || head.length) });
  blocks.push({
    type: "context",
    lines: [
      md`${italic(
        `First ${MANIFEST_INLINE_CHARS} of ${manifest.length} characters shown; the whole manifest is attached (${result.release.name}-manifest.yaml). Secret data is redacted.`,
      )}`,
    ],
  });
  const attachment = {
    filename: `${result.release.name}-manifest.yaml`,
    title: `Manifest of ${result.release.name} (${result.release.namespace})`,
    content: manifest,
  };
  return message(`Manifest of ${result.release.name} (${result.release.namespace})`, blocks, [
    attachment,
  ]);
}

function renderResult(result: ReadResult): Message {
  switch (result.kind) {
    case "list":
      return renderList(result);
    case "status":
      return renderStatus(result.detail);
    case "history":
      return renderHistory(result);
    case "values":
      return renderValues(result);
    case "manifest":
      return renderManifest(result);
  }
}

// With a cluster, the answer ends saying which one it is about (one Slack, several clusters).
export function renderReadResult(result: ReadResult, where: { cluster?: string } = {}): Message {
  const rendered = renderResult(result);
  if (where.cluster === undefined) return rendered;
  return { ...rendered, blocks: [...rendered.blocks, clusterBlock(where.cluster)] };
}
