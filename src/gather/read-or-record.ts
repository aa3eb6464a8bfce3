// One read of a snapshot: its failure is recorded (the diagnosis says what it could not see)
// and replaced by a fallback, so one unreadable part never hides the others.
export type RecordError = (read: string, error: unknown) => void;

export function readOrRecord<T>(
  read: string,
  task: Promise<T>,
  fallback: T,
  record: RecordError,
): Promise<T> {
  return task.catch((error: unknown) => {
    record(read, error);
    return fallback;
  });
}
