// `Authorization: Bearer <token>` against ALERTMANAGER_TOKEN in constant time: both sides are
// hashed first, so neither the content nor the length of the token leaks through timing.
import { createHash, timingSafeEqual } from "node:crypto";

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

export function verifyBearerToken(
  authorization: string | string[] | undefined,
  expected: string,
): boolean {
  if (typeof authorization !== "string" || expected === "") return false;
  const presented = BEARER.exec(authorization)?.[1];
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}
