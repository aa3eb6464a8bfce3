// A Kubernetes object as kubectl or helm hands it over (parsed JSON or YAML): Secrets lose
// their data (at the top, inside a List, or embedded in another object), ConfigMaps the values
// of keys that name credentials and the secrets inside the files they carry, workloads the
// secrets in env, args and command, and kubectl's last-applied-configuration annotation is
// redacted as the object it copies. The rules are the values rules: one walk for both. Pure.
import { redactValues } from "./redact-values.ts";

export function redactKubeObject(obj: unknown): unknown {
  return redactValues(obj);
}
