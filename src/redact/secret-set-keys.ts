// Which `--set` keys carry a secret: any sensitive segment ("db.auth.password.value"), or the
// value of a list entry whose name says so (`extraEnv[0].name=DB_PASSWORD` makes
// `extraEnv[0].value` a secret, whichever comes first). Pure.
import { isSensitiveKeyPath, splitKeyPath } from "./sensitive-key.ts";

const VALUE_OF_ENTRY = /^(.*)\.value$/;

export function secretSetKeys(pairs: ReadonlyArray<readonly [string, unknown]>): Set<string> {
  const set = new Map(pairs);
  const secret = new Set<string>();
  for (const [key] of pairs) {
    if (isSensitiveKeyPath(splitKeyPath(key))) secret.add(key);
    const entry = VALUE_OF_ENTRY.exec(key)?.[1];
    if (entry === undefined) continue;
    const name = set.get(`${entry}.name`) ?? set.get(`${entry}.key`);
    if (typeof name === "string" && isSensitiveKeyPath(splitKeyPath(name))) secret.add(key);
  }
  return secret;
}
