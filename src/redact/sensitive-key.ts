// Which keys hold secrets. A key is read as words (key-words.ts); a path is sensitive when any
// segment names a credential, unless a later segment names something *about* the secret (its
// name, a reference to it, a policy, a TTL, a length, a flag): `existingSecret: db-creds` and
// `tls.secretName` stay visible, `auth.password.value` does not. Pure.
import { keyWords } from "./key-words.ts";

const words = (text: string) => new Set(text.split(/\s+/).filter((w) => w !== ""));

// Sensitive wherever they stand: as the leaf or as a parent ("secrets.db.url").
const SECRET_WORDS = words(`password passwords passwd pwd pw passphrase passcode secret
  secrets token tokens credential credentials cred creds dsn jwt salt bearer otp totp pat privkey
  pgpass netrc keystore keystores jks p12 pfx pkcs12`);
// Secrets only as the leaf that holds a value ("auth: user:pass"); as parents they group
// settings ("auth.enabled", "webhooks[0].rules").
const LEAF_WORDS = words("auth authorization cookie cookies webhook webhooks sasl");
// "pass" is a password as the head of a key ("SMTP_PASS", "dbPass"), not in "proxy_pass".
const NOT_A_PASS = words("proxy fastcgi uwsgi grpc scgi memcached by");
// Credential-ish: a secret when the value looks random ("license: 3f9a…", "hmac: …").
const ENTROPY_WORDS = words("license licence signature sig hmac seed nonce session cipher entropy");
// A word anywhere in the key that makes it a reference or a setting, not the secret itself.
const MODIFIERS = words(`existing ref refs reference references from selector max min num count
  use create generate skip allow enable disable mount auto checksum checksums digest inject`);
// The head (last word) of a key that describes a secret rather than holding it.
const ABOUT_HEADS = words(`name names ref refs reference policy policies ttl ttls expiry
  expiration expires expire lifetime age timeout duration seconds secs second minutes mins hours
  days ms interval period rotation length len size min max minimum maximum count limit limits
  rounds iterations cost enabled enable disabled required optional type types kind mode format
  encoding algorithm algorithms alg path paths file files filename filepath dir directory mount
  mounts volume volumes location provider providers store stores namespace annotations annotation
  labels label version field fields header headers class template templates selector scope scopes
  audience audiences aud issuer iss realm claim claims subject user users username usernames login
  email host hosts hostname port ports region zone database schema bucket project tenant domain
  protocol scheme mechanism mechanisms method methods strategy backend engine role roles
  permissions arn uid checksum checksums digest fingerprint hint prompt regex pattern complexity
  strength rules status state created updated rotated mtime time timestamp date source sources origin
  generator manager operator injector csi sync reloader rotator subpath items prefix suffix
  separator delimiter charset alphabet level priority verify insecure check validation owner group
  description comment note notes help message text title display example placeholder`);
// "<word> key" that names a key (a label, a field, a key inside a Secret) rather than a secret.
const KEY_ABOUT = words(`user username password passwd pass token tokens credential credentials
  creds dsn name host url public pub publishable foreign partition sort hash range cache object s3
  label node topology selector match config env field header prefix metric message idempotency
  dedup group item entry data lookup index row column table tag value file path cert certificate
  crt id kms resource annotation route shard`);
// Parents under which a bare "key" is a private key: "tls.key", "ssl: {cert, key}".
const TLS_WORDS = words(
  "tls ssl https cert certs certificate certificates x509 pki ca keypair mtls",
);
const URL_HEADS = words("url urls uri endpoint endpoints address addr");
// Collections of secrets keyed by whatever the chart likes ("passwords: {app_owner: …}"): under
// them only words that surely describe (a name, a reference, a flag) leave the value visible.
const COLLECTIONS = words("passwords passwds tokens secrets apikeys");
const SURELY_ABOUT = words(`name names ref refs reference existing enabled create annotations labels
  type provider path file mountpath mount ttl policy length`);

type KeyKind = "secret" | "about" | "entropy" | "neutral";

interface Context {
  leaf: boolean;
  tls: boolean;
  webhook: boolean;
  // The parent is a collection of secrets.
  collection?: boolean;
}

function keyHeadKind(before: string | undefined, context: Context): KeyKind {
  if (before === undefined) return context.leaf && context.tls ? "secret" : "about";
  return KEY_ABOUT.has(before) ? "about" : "secret";
}

function classifyKeyWords(all: readonly string[], context: Context): KeyKind {
  const kind = classifyWords(all, context);
  if (kind !== "about" || !context.collection) return kind;
  return all.some((w) => SURELY_ABOUT.has(w)) ? "about" : "neutral";
}

function classifyWords(all: readonly string[], context: Context): KeyKind {
  const head = all.at(-1);
  if (head === undefined) return "neutral";
  const before = all.at(-2);
  if (head === "key" || head === "keys") {
    if (all.some((w) => MODIFIERS.has(w))) return "about";
    return keyHeadKind(before, context);
  }
  if (all.some((w) => MODIFIERS.has(w))) return "about";
  if (head === "id" || head === "ids") return before === "secret" ? "secret" : "about";
  if (URL_HEADS.has(head)) {
    const hook = context.webhook || all.includes("webhook") || all.includes("dsn");
    return hook ? "secret" : "about";
  }
  if (ABOUT_HEADS.has(head)) return "about";
  if (all.some((w) => SECRET_WORDS.has(w))) return "secret";
  if (head === "pass" && !NOT_A_PASS.has(before ?? "")) return "secret";
  if (all.includes("connection") && (all.includes("string") || all.includes("str")))
    return "secret";
  if (LEAF_WORDS.has(head)) return context.leaf ? "secret" : "neutral";
  if (all.some((w) => ENTROPY_WORDS.has(w))) return "entropy";
  return "neutral";
}

// Array indexes ("0", "[3]") say nothing about what a value is.
const INDEX = /^\[?\d+\]?$/;

export interface KeyPathVerdict {
  sensitive: boolean;
  // A credential-ish key (license, signature, hmac, a bare key): a secret if the value is random.
  credentialish: boolean;
}

const verdicts = new Map<string, KeyPathVerdict>();

export function judgeKeyPath(path: readonly string[]): KeyPathVerdict {
  const id = path.join("\u0000");
  const cached = verdicts.get(id);
  if (cached !== undefined) return cached;
  const verdict = judge(path);
  if (verdicts.size > 20_000) verdicts.clear();
  verdicts.set(id, verdict);
  return verdict;
}

function judge(path: readonly string[]): KeyPathVerdict {
  const segments = path.filter((s) => !INDEX.test(s));
  let sensitive = false;
  let credentialish = false;
  let tls = false;
  let webhook = false;
  let collection = false;
  segments.forEach((segment, i) => {
    const all = keyWords(segment);
    const leaf = i === segments.length - 1;
    const kind = classifyKeyWords(all, { leaf, tls, webhook, collection });
    collection = kind === "secret" && COLLECTIONS.has(all.at(-1) ?? "");
    if (kind === "about") {
      sensitive = false;
      credentialish = all.length === 1 && all[0] === "key";
    } else if (kind === "secret") sensitive = true;
    else if (kind === "entropy") credentialish = true;
    tls ||= all.some((w) => TLS_WORDS.has(w));
    webhook ||= all.includes("webhook") || all.includes("webhooks");
  });
  return { sensitive, credentialish };
}

export function isSensitiveKeyPath(path: readonly string[]): boolean {
  return judgeKeyPath(path).sensitive;
}

// One key on its own ("DB_PASSWORD", "tls.key", "X-Api-Key"), with no parents to go by.
export function isSensitiveKey(segment: string): boolean {
  return isSensitiveKeyPath([segment]);
}

// "auth.password", "env[0].value", "a\.b": the segments of a dotted key as helm reads it.
export function splitKeyPath(key: string): string[] {
  return key
    .replace(/\[(\d+)\]/g, ".$1")
    .split(/(?<!\\)\./)
    .map((part) => part.replace(/\\\./g, "."))
    .filter((part) => part !== "");
}
