// The one check of a log query, before it becomes kubectl argv or an API URL: nothing typed or
// read from the cluster may become a flag or a path segment.
import { namespaceSchema } from "../model/names.ts";
import { kubeInvalidInput } from "./kube-errors.ts";

export interface LogQuery {
  namespace: string;
  pod: string;
  container: string;
  // The instance before the last restart: where a crashed container said why.
  previous: boolean;
  lines: number;
}

const POD = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const CONTAINER = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const MAX_LINES = 1000;

export function validateLogQuery(query: LogQuery): void {
  if (!namespaceSchema.safeParse(query.namespace).success) {
    throw kubeInvalidInput(
      "namespace",
      query.namespace,
      "a namespace is lowercase letters, digits and '-'",
    );
  }
  if (!POD.test(query.pod)) throw kubeInvalidInput("pod", query.pod, "not a pod name");
  if (!CONTAINER.test(query.container)) {
    throw kubeInvalidInput("container", query.container, "not a container name");
  }
  if (!Number.isInteger(query.lines) || query.lines < 1 || query.lines > MAX_LINES) {
    throw kubeInvalidInput("lines", String(query.lines), `a whole number from 1 to ${MAX_LINES}`);
  }
}
