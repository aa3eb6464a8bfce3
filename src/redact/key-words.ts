// A key as words, whatever its spelling: "dbPassword", "DB_PASSWORD", "db-password",
// "db.password" and "dbpassword" all read as ["db", "password"]. Pure.

// Credential words that people glue to others in lowercase ("pgpassword", "existingsecret",
// "secretkeyref"); split out so the words around them are read too.
const GLUED =
  /apikey|accesskey|secretkey|privatekey|signingkey|encryptionkey|masterkey|clientsecret|authtoken|connectionstring|requirepass|passphrase|passcode|password|passwd|secrets?|tokens?|credentials?|(?<=basic|master|proxy|http)auth$/g;

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

export function keyWords(segment: string): string[] {
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
