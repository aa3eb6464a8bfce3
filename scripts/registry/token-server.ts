// The token service of the token-auth test registry (Docker registry token spec): a client sent
// there by `WWW-Authenticate: Bearer realm=…` sends basic credentials and gets a JWT signed by the
// key whose certificate the registry trusts (rootcertbundle). Valid users get the scopes they ask
// for; anyone else gets 401, as a real token service does. Test infrastructure only.
import { createHash, randomUUID, sign, timingSafeEqual, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    host: { type: "string" },
    port: { type: "string" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    "signing-cert": { type: "string" },
    "signing-key": { type: "string" },
    users: { type: "string" },
    issuer: { type: "string" },
    service: { type: "string" },
  },
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== "string") throw new Error(`token-server: --${name} is required`);
  return value;
}

const signingKey = readFileSync(required("signing-key"), "utf8");
const signingCert = new X509Certificate(readFileSync(required("signing-cert"), "utf8"));
const issuer = required("issuer");
const service = required("service");
const users = new Map(
  readFileSync(required("users"), "utf8")
    .split("\n")
    .filter((line) => line.includes(":"))
    .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]),
);

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");
const digest = (text: string) => createHash("sha256").update(text).digest();

function authenticated(header: string | undefined): string | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const user = decoded.slice(0, colon);
  const expected = users.get(user);
  if (colon < 0 || expected === undefined) return null;
  return timingSafeEqual(digest(decoded.slice(colon + 1)), digest(expected)) ? user : null;
}

// "repository:charts/webapp:pull,push" -> one access entry.
function access(scopes: string[]) {
  return scopes.flatMap((scope) => {
    const parts = scope.split(":");
    if (parts.length < 3) return [];
    const actions = (parts.at(-1) ?? "").split(",").filter(Boolean);
    return [{ type: parts[0], name: parts.slice(1, -1).join(":"), actions }];
  });
}

function token(subject: string, scopes: string[]): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: "JWT", alg: "ES256", x5c: [signingCert.raw.toString("base64")] };
  const claims = {
    iss: issuer,
    sub: subject,
    aud: service,
    exp: now + 300,
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access: access(scopes),
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign("sha256", Buffer.from(input), {
    key: signingKey,
    dsaEncoding: "ieee-p1363",
  });
  return `${input}.${b64url(signature)}`;
}

const server = createServer(
  { cert: readFileSync(required("tls-cert")), key: readFileSync(required("tls-key")) },
  (request, response) => {
    const url = new URL(request.url ?? "/", "https://token.invalid");
    if (url.pathname !== "/token") {
      response.writeHead(404).end();
      return;
    }
    const user = authenticated(request.headers.authorization);
    if (user === null) {
      response
        .writeHead(401, {
          "content-type": "application/json",
          "www-authenticate": 'Basic realm="wheelhouse-test-token"',
        })
        .end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad credentials" }] }));
      return;
    }
    const issued = token(user, url.searchParams.getAll("scope"));
    response.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        token: issued,
        access_token: issued,
        expires_in: 300,
        issued_at: new Date().toISOString(),
      }),
    );
  },
);
server.listen(Number(required("port")), required("host"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
