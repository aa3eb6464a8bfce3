// The playground page: draws the channel and threads from the fake Slack's messages (polled),
// sends what you type and click through the page server. Every node is built with
// createElement/textContent from ViewNodes (render-blocks.ts): message text is never markup.

import { parseMrkdwn } from "./parse-mrkdwn.ts";
import { renderMessageBody } from "./render-blocks.ts";

const $ = (id) => document.getElementById(id);
const state = {
  session: null,
  person: "",
  messages: [],
  ephemerals: [],
  openThread: null,
  drawn: "",
};

function build(node, onButton) {
  const el = document.createElement(node.tag);
  if (node.cls) el.className = node.cls;
  if (node.text !== undefined) el.textContent = node.text;
  if (node.tag === "a" && node.href && /^https?:\/\//i.test(node.href)) {
    el.href = node.href;
    el.target = "_blank";
    el.rel = "noopener noreferrer";
  }
  if (node.button) {
    el.type = "button";
    el.dataset.actionId = node.button.actionId;
    el.addEventListener("click", () => onButton(node.button, el));
  }
  for (const child of node.children ?? []) el.append(build(child, onButton));
  return el;
}

async function call(path, body) {
  const response = await fetch(
    path,
    body === undefined
      ? {}
      : {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        },
  );
  return response.json();
}

function nameOf(user) {
  if (user === state.session.botUserId) return "wheelhouse";
  return state.session.people.find((p) => p.id === user)?.name ?? user;
}

function timeOf(ts) {
  return new Date(Number(ts.split(".")[0]) * 1000).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
  });
}

function confirmFirst(confirm) {
  if (!confirm) return Promise.resolve(true);
  const dialog = $("confirm");
  $("confirm-title").textContent = confirm.title;
  $("confirm-text").replaceChildren(...confirm.text.map((n) => build(n, () => {})));
  $("confirm-ok").textContent = confirm.confirm;
  $("confirm-deny").textContent = confirm.deny;
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}

function messageNode(message, { ephemeral = false, inThread = false } = {}) {
  const bot = message.user === state.session.botUserId || ephemeral;
  const el = document.createElement("article");
  el.className = `message${bot ? " bot" : ""}${ephemeral ? " ephemeral" : ""}`;
  if (message.ts) el.dataset.ts = message.ts;
  const avatar = document.createElement("div");
  avatar.className = "avatar";
  avatar.textContent = bot ? "⎈" : nameOf(message.user).slice(0, 1);
  const head = document.createElement("div");
  head.className = "message-head";
  const who = document.createElement("span");
  who.className = "author";
  who.textContent = bot ? "wheelhouse" : nameOf(message.user);
  head.append(who);
  if (bot)
    head.append(
      Object.assign(document.createElement("span"), { className: "app-badge", textContent: "APP" }),
    );
  if (message.ts)
    head.append(
      Object.assign(document.createElement("span"), {
        className: "time",
        textContent: timeOf(message.ts),
      }),
    );
  if (message.edits > 0)
    head.append(
      Object.assign(document.createElement("span"), {
        className: "edited",
        textContent: "(edited)",
      }),
    );
  if (ephemeral)
    head.append(
      Object.assign(document.createElement("span"), {
        className: "only-you",
        textContent: "Only visible to you",
      }),
    );
  const body = document.createElement("div");
  body.className = "message-body";
  const onButton = async (button, el) => {
    if (!(await confirmFirst(button.confirm))) return;
    el.disabled = true;
    await call("/api/click", {
      channel: message.channel,
      ts: message.ts,
      actionId: button.actionId,
      value: button.value,
      user: state.person,
    });
    refresh();
  };
  const user = message.user !== state.session.botUserId && message.blocks.length === 0;
  const names = Object.fromEntries([
    [state.session.botUserId, "wheelhouse"],
    ...state.session.people.map((p) => [p.id, p.name]),
  ]);
  const nodes = user ? parseMrkdwn(message.text, names) : renderMessageBody(message, names);
  body.append(...nodes.map((n) => build(n, ephemeral ? () => {} : onButton)));
  const content = document.createElement("div");
  content.className = "message-content";
  content.append(head, body);
  const replies = inThread ? 0 : state.messages.filter((m) => m.threadTs === message.ts).length;
  if (replies > 0) {
    const link = document.createElement("button");
    link.type = "button";
    link.className = "replies";
    link.textContent = `${replies} ${replies === 1 ? "reply" : "replies"}`;
    link.addEventListener("click", () => openThread(message.ts));
    content.append(link);
  } else if (!inThread && !ephemeral && message.ts) {
    const reply = document.createElement("button");
    reply.type = "button";
    reply.className = "reply-in-thread";
    reply.textContent = "Reply in thread";
    reply.addEventListener("click", () => openThread(message.ts));
    content.append(reply);
  }
  el.append(avatar, content);
  return el;
}

function draw() {
  const mine = state.ephemerals.filter((e) => e.user === state.person);
  const top = state.messages.filter((m) => !m.threadTs);
  $("messages").replaceChildren(
    ...top.map((m) => messageNode(m)),
    ...mine.filter((e) => !e.threadTs).map((e) => messageNode(e, { ephemeral: true })),
  );
  const thread = state.openThread;
  $("thread").hidden = thread === null;
  if (thread !== null) {
    const inThread = state.messages.filter((m) => m.ts === thread || m.threadTs === thread);
    $("thread-messages").replaceChildren(
      ...inThread.map((m) => messageNode(m, { inThread: true })),
      ...mine
        .filter((e) => e.threadTs === thread)
        .map((e) => messageNode(e, { ephemeral: true, inThread: true })),
    );
  }
}

async function refresh() {
  const data = await call("/api/messages");
  if (!data.ok) return;
  const key = JSON.stringify([data.messages, data.ephemerals, state.person, state.openThread]);
  if (key === state.drawn) return;
  const atBottom = (el) => el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  const follow = [atBottom($("messages")), atBottom($("thread-messages"))];
  state.messages = data.messages.sort((a, b) => (a.ts < b.ts ? -1 : 1));
  state.ephemerals = data.ephemerals;
  state.drawn = key;
  draw();
  if (follow[0]) $("messages").scrollTop = $("messages").scrollHeight;
  if (follow[1]) $("thread-messages").scrollTop = $("thread-messages").scrollHeight;
}

function openThread(ts) {
  state.openThread = ts;
  state.drawn = "";
  refresh();
}

function wire(formId, inputId, threadTs) {
  $(formId).addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $(inputId).value.trim();
    if (text === "") return;
    $(inputId).value = "";
    const sent = await call("/api/say", {
      text,
      user: state.person,
      ...(threadTs() ? { threadTs: threadTs() } : {}),
    });
    // A mention opens its thread, where the bot answers, as Slack shows it in the side pane.
    if (sent.ts && !threadTs()) openThread(sent.ts);
    else refresh();
  });
}

async function main() {
  state.session = await call("/api/session");
  state.person = state.session.people[0].id;
  for (const p of state.session.people) {
    const option = document.createElement("option");
    option.value = p.id;
    option.textContent = `${p.name} (${p.role})`;
    $("person").append(option);
  }
  $("person").addEventListener("change", () => {
    state.person = $("person").value;
    state.drawn = "";
    refresh();
  });
  $("close-thread").addEventListener("click", () => {
    state.openThread = null;
    state.drawn = "";
    draw();
  });
  wire("composer", "message", () => null);
  wire("thread-composer", "thread-message", () => state.openThread);
  await refresh();
  setInterval(refresh, 400);
}

main();
