// A file into a thread, the three steps of Slack's external upload, each retried on its own:
// asking for an upload URL and sending the bytes are safe to repeat (an unshared file is
// discarded), sharing it is not, so a share that may have landed is looked for first.
import type { webApi } from "@slack/bolt";
import type { Log } from "../observe/log.ts";
import type { Attachment } from "../render/message.ts";
import { findOwnPost } from "./find-own-post.ts";
import { retrySlackCall, type SlackRetryPolicy } from "./slack-retry.ts";

export interface UploadDeps {
  client: webApi.WebClient;
  log: Log;
  policy: SlackRetryPolicy;
}

class SlackUploadError extends Error {
  readonly code: "slack_upload_http_error" | "slack_upload_request_error";
  readonly statusCode: number | null;
  readonly retryAfter: number | null;
  constructor(
    code: SlackUploadError["code"],
    message: string,
    http: { statusCode: number; retryAfter: number | null } | null,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.statusCode = http?.statusCode ?? null;
    this.retryAfter = http?.retryAfter ?? null;
  }
}

// The bytes to the URL Slack handed out (it takes a plain POST body).
async function sendBytes(url: string, content: string, timeoutMs: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body: content,
      headers: { "content-type": "application/octet-stream" },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new SlackUploadError("slack_upload_request_error", "file upload failed", null, { cause });
  }
  await response.arrayBuffer();
  if (response.status !== 200) {
    const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
    throw new SlackUploadError(
      "slack_upload_http_error",
      `file upload answered ${response.status}`,
      { statusCode: response.status, retryAfter: Number.isNaN(retryAfter) ? null : retryAfter },
    );
  }
}

export async function uploadFile(
  d: UploadDeps,
  thread: { channel: string; threadTs: string },
  file: Attachment,
): Promise<void> {
  const since = Date.now();
  const target = await retrySlackCall("files.getUploadURLExternal", d.policy, () =>
    d.client.files.getUploadURLExternal({
      filename: file.filename,
      length: Buffer.byteLength(file.content, "utf8"),
    }),
  );
  const { upload_url: url, file_id: id } = target;
  if (!url || !id) throw new Error("files.getUploadURLExternal returned no upload URL");
  await retrySlackCall("file upload", d.policy, () =>
    sendBytes(url, file.content, d.policy.requestTimeoutMs),
  );
  const place = { channel: thread.channel, threadTs: thread.threadTs, since };
  await retrySlackCall(
    "files.completeUploadExternal",
    d.policy,
    () =>
      d.client.files.completeUploadExternal({
        files: [{ id, title: file.title }],
        channel_id: thread.channel,
        thread_ts: thread.threadTs,
      }),
    {
      alreadyDone: async () =>
        (await findOwnPost(
          d.client,
          d.log,
          place,
          (m) => m.files?.some((f) => f.id === id) ?? false,
        ))
          ? { ok: true }
          : null,
    },
  );
}
