// Damerau-Levenshtein distance (optimal string alignment: one transposition of neighbours
// counts as one edit), bounded so that comparing a word against thousands of release names
// stays cheap: rows stop as soon as every cell exceeds the bound.

// Reused between calls: analysis runs one message at a time and never re-enters.
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);
let beforeRow = new Int32Array(64);

function ensureCapacity(size: number): void {
  if (previousRow.length >= size) return;
  previousRow = new Int32Array(size * 2);
  currentRow = new Int32Array(size * 2);
  beforeRow = new Int32Array(size * 2);
}

// Returns the distance, or max + 1 when it is certainly larger than max.
export function editDistance(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  ensureCapacity(b.length + 1);
  let before = beforeRow;
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const recycled = before;
    before = previous;
    previous = current;
    current = recycled;
  }
  return Math.min(previous[b.length] ?? max + 1, max + 1);
}

// The typo budget the issue asks for: one edit for short words, two for long ones.
export function typoBudget(length: number): number {
  if (length < 4) return 0;
  if (length < 7) return 1;
  return 2;
}
