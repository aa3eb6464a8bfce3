// Plan ids travel in Slack button values and BullMQ job ids: short, url-safe, and starting with
// a letter (BullMQ refuses purely numeric custom ids).
import { randomBytes } from "node:crypto";

export const PLAN_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{11}$/;

export function newPlanId(): string {
  for (;;) {
    // 9 random bytes are exactly 12 base64url characters (72 bits).
    const id = randomBytes(9).toString("base64url");
    if (PLAN_ID_PATTERN.test(id)) return id;
  }
}

export function isPlanId(value: string): boolean {
  return PLAN_ID_PATTERN.test(value);
}
