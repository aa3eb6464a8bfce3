// The Slack Web API methods the bot's code calls, found in its sources, and the bot scopes
// each one needs (Slack's method reference). A method missing from SCOPES_BY_METHOD fails the
// manifest test on purpose: whoever calls a new method says here which scope it takes.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const SCOPES_BY_METHOD: Record<string, readonly string[]> = {
  "auth.test": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.delete": ["chat:write"],
  "chat.getPermalink": [],
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
  "usergroups.users.list": ["usergroups:read"],
  "users.info": ["users:read"],
  "conversations.info": ["channels:read"],
  // Public and private channels; im:history (DMs) is already asked for by message.im.
  "conversations.replies": ["channels:history", "groups:history"],
  "conversations.history": ["channels:history", "groups:history"],
};

// Scopes that events and features need rather than a method call.
export const SCOPES_BY_EVENT: Record<string, string> = {
  app_mention: "app_mentions:read",
  "message.im": "im:history",
};
export const SLASH_COMMAND_SCOPE = "commands";

// The client's helpers that stand for several methods.
const HELPERS: Record<string, readonly string[]> = {
  filesUploadV2: ["files.getUploadURLExternal", "files.completeUploadExternal"],
};

const FAMILIES =
  "auth|bookmarks|bots|chat|conversations|files|pins|reactions|team|usergroups|users|views";
// client.usergroups.users.list(…) and apiCall("chat.postMessage", …) / call("chat.update", …)
const MEMBER_CALL = new RegExp(`\\bclient\\.((?:${FAMILIES})(?:\\.[a-zA-Z]+)+)\\(`, "g");
const NAMED_CALL = new RegExp(`\\b(?:apiCall|call)\\(\\s*"((?:${FAMILIES})\\.[a-zA-Z.]+)"`, "g");
const HELPER_CALL = new RegExp(`\\bclient\\.(${Object.keys(HELPERS).join("|")})\\(`, "g");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

// src/playground is the fake Slack (it answers these methods, it does not call them).
export function webApiCalls(srcDir: string): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  const add = (method: string, file: string) =>
    calls.set(method, [...(calls.get(method) ?? []), file]);
  for (const file of sourceFiles(srcDir)) {
    if (file.includes(`${join(srcDir, "playground")}`)) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(MEMBER_CALL)) add(m[1] ?? "", file);
    for (const m of text.matchAll(NAMED_CALL)) add(m[1] ?? "", file);
    for (const m of text.matchAll(HELPER_CALL))
      for (const method of HELPERS[m[1] ?? ""] ?? []) add(method, file);
  }
  return calls;
}
