// Which workloads an alert's labels name, and what a vanished pod's name points at.
import { describe, expect, it } from "vitest";
import {
  findAlertWorkloads,
  guessOwnersFromPodName,
} from "../../../src/alerts/find-alert-workloads.ts";

describe("findAlertWorkloads", () => {
  it("reads kube-state-metrics' labels, most specific first", () => {
    expect(
      findAlertWorkloads({
        namespace: "a",
        deployment: "web",
        pod: "web-5d8c-x2k4p",
        job: "kube-state-metrics",
      }),
    ).toEqual([
      { kind: "Pod", name: "web-5d8c-x2k4p", guessed: false },
      { kind: "Deployment", name: "web", guessed: false },
    ]);
    expect(
      findAlertWorkloads({ job_name: "migrate-1", statefulset: "db", daemonset: "agent" }),
    ).toEqual([
      { kind: "Job", name: "migrate-1", guessed: false },
      { kind: "StatefulSet", name: "db", guessed: false },
      { kind: "DaemonSet", name: "agent", guessed: false },
    ]);
  });

  it("does not take Prometheus' scrape job for a Job", () => {
    expect(findAlertWorkloads({ job: "kube-state-metrics", namespace: "a" })).toEqual([]);
  });
});

describe("guessOwnersFromPodName", () => {
  it("names a Deployment's ReplicaSet and Deployment", () => {
    const guesses = guessOwnersFromPodName("argocd-repo-server-6d9f7c8b5-x2k4p");
    expect(guesses).toContainEqual({
      kind: "ReplicaSet",
      name: "argocd-repo-server-6d9f7c8b5",
      guessed: true,
    });
    expect(guesses).toContainEqual({
      kind: "Deployment",
      name: "argocd-repo-server",
      guessed: true,
    });
  });

  it("names a StatefulSet from an ordinal, first", () => {
    expect(guessOwnersFromPodName("shop-db-0")[0]).toEqual({
      kind: "StatefulSet",
      name: "shop-db",
      guessed: true,
    });
  });

  it("guesses nothing from a name without parts", () => {
    expect(guessOwnersFromPodName("standalone")).toEqual([]);
  });
});
