// A key as words, whatever its spelling: "dbPassword", "DB_PASSWORD", "db-password",
// "db.password" and "dbpassword" all read as ["db", "password"]. Pure.

// Credential words that people glue to others in lowercase ("pgpassword", "existingsecret",
// "secretkeyref"); split out so the words around them are read too.
const GLUED =
  /apikey|accesskey|secretkey|privatekey|signingkey|encryptionkey|masterkey|clientsecret|authtoken|connectionstring|requirepass|passphrase|passcode|passwords?|passwds?|secrets?|tokens?|credentials?|(?<=basic|master|proxy|http)auth$/g;

const SPELLED_APART: Record<string, string> = {
  apikey: "api key",
  accesskey: "access key",
  secretkey: "secret key",
  privatekey: "private key",
  signingkey: "signing key",
  encryptionkey: "encryption key",
  masterkey: "master key",
  clientsecret: "client secret",
  authtoken: "auth token",
  connectionstring: "connection string",
  requirepass: "require pass",
};

function unglue(word: string): string[] {
  if (!/pass|secret|token|credential|key|auth/.test(word)) return [word];
  return word
    .replace(GLUED, (m) => ` ${SPELLED_APART[m] ?? m} `)
    .split(" ")
    .filter((w) => w !== "");
}

// Keys repeat endlessly (every object of a manifest has metadata.name): their words are kept.
const known = new Map<string, readonly string[]>();

export function keyWords(segment: string): readonly string[] {
  const cached = known.get(segment);
  if (cached !== undefined) return cached;
  const found = split(segment);
  if (known.size > 20_000) known.clear();
  known.set(segment, found);
  return found;
}

function split(segment: string): string[] {
  return segment
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/(\d)([A-Za-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "")
    .flatMap(unglue);
}
