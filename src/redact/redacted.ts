// What a hidden value becomes, everywhere: one word a person recognises and no test can confuse.
export const REDACTED = "REDACTED";
