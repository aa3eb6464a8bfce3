// manifest.yml (HTTP) and manifest.socket-mode.yml: the parts of Slack's app manifest the bot
// relies on, and exactly the scopes its code needs: each Web API method it calls has its
// scope, and no scope is asked for that nothing uses (least privilege for the workspace).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import {
  SCOPES_BY_EVENT,
  SCOPES_BY_METHOD,
  SLASH_COMMAND_SCOPE,
  webApiCalls,
} from "./web-api-calls.ts";

const root = join(import.meta.dirname, "..", "..", "..");
const eventsUrl = z.url().endsWith("/slack/events");

function manifestSchema(socketMode: boolean) {
  const url = socketMode ? z.never().optional() : eventsUrl;
  return z.object({
    display_information: z.object({
      name: z.literal("Wheelhouse"),
      description: z.string().min(1),
    }),
    features: z.object({
      bot_user: z.object({ display_name: z.string().min(1) }),
      slash_commands: z
        .array(z.object({ command: z.string(), url, description: z.string().min(1) }))
        .length(1)
        .refine(([c]) => c?.command === "/helm", "the one slash command is /helm"),
      app_home: z.object({ messages_tab_enabled: z.literal(true) }).optional(),
    }),
    oauth_config: z.object({
      scopes: z.object({ bot: z.array(z.string()).min(1), user: z.never().optional() }),
    }),
    settings: z.object({
      event_subscriptions: z.object({
        request_url: url,
        bot_events: z.array(z.enum(["app_mention", "message.im"])).length(2),
      }),
      interactivity: z.object({ is_enabled: z.literal(true), request_url: url }),
      socket_mode_enabled: z.literal(socketMode),
      org_deploy_enabled: z.boolean().optional(),
      token_rotation_enabled: z.literal(false).optional(),
    }),
  });
}

function load(file: string, socketMode: boolean) {
  return manifestSchema(socketMode).parse(parse(readFileSync(join(root, file), "utf8")));
}

const calls = webApiCalls(join(root, "src"));

describe("the Slack app manifests", () => {
  const http = load("manifest.yml", false);
  const socket = load("manifest.socket-mode.yml", true);

  it("finds the Web API calls the bot makes", () => {
    // The scan itself must see the calls we know of, or the scope checks below prove nothing.
    expect([...calls.keys()]).toEqual(
      expect.arrayContaining([
        "auth.test",
        "chat.postMessage",
        "chat.update",
        "usergroups.users.list",
        "files.completeUploadExternal",
      ]),
    );
  });

  it("knows the scope of every Web API method the code calls", () => {
    const unknown = [...calls.keys()].filter((m) => !(m in SCOPES_BY_METHOD));
    expect(unknown, "add them to SCOPES_BY_METHOD in web-api-calls.ts").toEqual([]);
  });

  const needed = new Set<string>([
    SLASH_COMMAND_SCOPE,
    ...http.settings.event_subscriptions.bot_events.map((e) => SCOPES_BY_EVENT[e] ?? e),
    ...[...calls.keys()].flatMap((m) => SCOPES_BY_METHOD[m] ?? []),
  ]);

  for (const [name, manifest] of [
    ["manifest.yml", http],
    ["manifest.socket-mode.yml", socket],
  ] as const) {
    it(`${name} asks for exactly the scopes the code uses`, () => {
      expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
    });
  }

  it("the Socket Mode variant differs only in transport", () => {
    const strip = (m: typeof http) => ({
      ...m,
      features: {
        ...m.features,
        slash_commands: m.features.slash_commands.map(({ url: _, ...c }) => c),
      },
      settings: {
        ...m.settings,
        socket_mode_enabled: null,
        event_subscriptions: { bot_events: m.settings.event_subscriptions.bot_events },
        interactivity: { is_enabled: true },
      },
    });
    expect(strip(socket)).toEqual(strip(http));
  });

  it("the scope check fails for a method whose scope is missing", () => {
    // users.info would need users:read, which the manifests do not ask for.
    expect(needed.has(SCOPES_BY_METHOD["users.info"]?.[0] ?? "")).toBe(false);
  });
});
