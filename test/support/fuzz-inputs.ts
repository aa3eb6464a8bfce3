// Hostile chat text for the fuzz tests: mentions and /helm text built from requests a person
// would type, mixed with flags (and look-alike dashes), shell syntax, Slack markup, unicode
// look-alikes, invisible and control characters, odd --set keys and values, and oversize bodies.
import type { Inventory } from "../../src/model/release.ts";
import type { Random } from "./fuzz-random.ts";
import {
  CONTROL,
  DASHES,
  FLAG_VALUES,
  FLAGS,
  HOMOGLYPHS,
  INVISIBLE,
  MARKUP,
  NAMESPACES,
  PLAIN_KEYS,
  PLAIN_VALUES,
  REQUEST_VERBS,
  SEPARATORS,
  SET_KEYS,
  SET_VALUES,
  SHELL,
  VERBS,
  VERSIONS,
} from "./fuzz-words.ts";

// What the text asked to set in plain `key=value` form: what helm must receive, unchanged.
export interface TypedPair {
  key: string;
  value: string;
}

export interface FuzzText {
  text: string;
  typed: TypedPair[];
}

function fullwidth(word: string): string {
  return word.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

function mutate(r: Random, word: string): string {
  if (word === "" || r.chance(0.55)) return word;
  const at = r.int(word.length);
  switch (r.int(8)) {
    case 0: {
      const ch = word.charAt(at);
      return `${word.slice(0, at)}${r.pick(HOMOGLYPHS[ch] ?? [ch])}${word.slice(at + 1)}`;
    }
    case 1:
      return `${word.slice(0, at)}${r.pick(INVISIBLE)}${word.slice(at)}`;
    case 2:
      return fullwidth(word);
    case 3:
      return word.toUpperCase();
    case 4:
      return `${word}${r.pick([".", "?", "!", ",", "'s", ":", ")"])}`;
    case 5:
      return r.pick([`*${word}*`, `\`${word}\``, `<http://evil.example|${word}>`, `_${word}_`]);
    case 6:
      return `${r.pick(DASHES)}${word}`;
    default:
      return `${word.slice(0, at)}${r.pick(CONTROL)}${word.slice(at)}`;
  }
}

function releasePart(r: Random, inventory: Inventory): string {
  const row = r.pick(inventory);
  const name = mutate(r, row.name);
  if (r.chance(0.4)) return name;
  const ns = r.chance(0.8) ? mutate(r, row.namespace) : r.pick(NAMESPACES);
  return r.pick([
    `${name} in ${ns}`,
    `${name} -n ${ns}`,
    `${name} ${r.pick(DASHES)}namespace ${ns}`,
    `${name} on ${ns}`,
    `${ns}/${name}`,
    `${name} --namespace=${ns}`,
  ]);
}

function setPart(r: Random, typed: TypedPair[]): string {
  if (r.chance(0.3)) {
    const pair = { key: r.pick(PLAIN_KEYS), value: r.pick(PLAIN_VALUES) };
    if (!typed.some((t) => t.key === pair.key)) typed.push(pair);
    return `${pair.key}=${pair.value}`;
  }
  const pair = () => `${mutate(r, r.pick(SET_KEYS))}=${mutate(r, r.pick(SET_VALUES))}`;
  const list = Array.from({ length: 1 + r.int(3) }, pair).join(",");
  return r.pick([
    list,
    `--set ${list}`,
    `--set-string ${list}`,
    `${r.pick(DASHES)}set ${list}`,
    `set ${r.pick(SET_KEYS)} to ${r.pick(SET_VALUES)}`,
    `${r.pick(SET_KEYS)} = ${r.pick(SET_VALUES)}`,
  ]);
}

function junk(r: Random): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.=,;:/\\'\"`$(){}[]<>|&*?!#@%^~+ ";
  const length = 1 + r.int(30);
  let out = "";
  for (let i = 0; i < length; i++) {
    out += r.chance(0.1)
      ? r.pick([...INVISIBLE, ...CONTROL])
      : alphabet.charAt(r.int(alphabet.length));
  }
  return out;
}

function part(r: Random, inventory: Inventory, typed: TypedPair[]): string {
  const kind = r.int(20);
  if (kind < 5) return releasePart(r, inventory);
  if (kind < 8) return setPart(r, typed);
  if (kind < 9) return `to ${mutate(r, r.pick(VERSIONS))}`;
  if (kind < 10) return `${r.pick(DASHES)}version ${r.pick(VERSIONS)}`;
  if (kind < 12)
    return `${r.pick(DASHES)}${r.pick(FLAGS)}${r.chance(0.5) ? ` ${r.pick(FLAG_VALUES)}` : ""}`;
  if (kind < 14) return r.pick(SHELL);
  if (kind < 16) return r.pick(MARKUP);
  if (kind < 17)
    return r.pick([
      `revision ${r.int(40)}`,
      `to revision ${r.pick(["-1", "0", "3", "99999999999999999999", "３"])}`,
      `${r.int(5)} versions back`,
    ]);
  if (kind < 18) return mutate(r, r.pick(VERBS));
  return junk(r);
}

// A request as a person would type it, with one odd value or word in it: these reach argv.
function requestParts(r: Random, inventory: Inventory, typed: TypedPair[]): string[] {
  const verb = r.pick(REQUEST_VERBS);
  const parts = [verb, releasePart(r, inventory)];
  if (verb.endsWith("set") || r.chance(0.3)) parts.push(setPart(r, typed));
  if (verb.endsWith("upgrade") && r.chance(0.6)) parts.push(`to ${r.pick(VERSIONS)}`);
  if (verb.includes("roll") && r.chance(0.5)) parts.push(`to revision ${r.int(12)}`);
  if (r.chance(0.3)) parts.push(part(r, inventory, typed));
  return parts;
}

// One message; about 1 in 100 is oversize (up to Slack's 40,000 characters).
export function hostileText(r: Random, inventory: Inventory): FuzzText {
  const typed: TypedPair[] = [];
  const parts: string[] = r.chance(0.4) ? requestParts(r, inventory, typed) : [];
  if (parts.length === 0 && r.chance(0.85)) parts.push(mutate(r, r.pick(VERBS)));
  const count = parts.length > 0 ? 0 : 1 + r.int(7);
  for (let i = 0; i < count; i++) parts.push(part(r, inventory, typed));
  let text = "";
  for (const p of parts) text += (text === "" ? "" : r.pick(SEPARATORS)) + p;
  if (r.chance(0.01)) {
    const unit = `${r.pick(parts)} `;
    const length = r.chance(0.5) ? 1_000 + r.int(3_000) : 4_000 + r.int(36_000);
    text += unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
  }
  return { text, typed };
}
