// The playground's sample releases, each in the state the walkthrough needs: one healthy, one with
// an upgrade available, one broken by a failed upgrade (with a good revision to roll back to).
// A release left in another state by an earlier run is re-made, so every start tells the story.
import type { HelmClient } from "../helm/helm-client.ts";
import type { ReleaseRef } from "../model/release.ts";

export interface SampleRelease {
  name: string;
  chart: string;
  version: string;
  // What the walkthrough does with it.
  story: string;
  // A failed upgrade to this version on top of `version`: the broken one.
  breakWith?: string;
}

export const SAMPLE_RELEASES: SampleRelease[] = [
  { name: "catalog", chart: "webapp", version: "2.0.0", story: "healthy, on the latest version" },
  { name: "shop-frontend", chart: "webapp", version: "1.0.0", story: "upgrade available (1.1.0)" },
  {
    name: "checkout",
    chart: "webapp",
    version: "1.0.0",
    breakWith: "1.2.0",
    story: "broken: the upgrade to 1.2.0 crash-loops",
  },
];

export class SampleReleaseError extends Error {
  readonly code = "wheelhouse_playground_sample_failed";
}

async function isAsSeeded(helm: HelmClient, ref: ReleaseRef, sample: SampleRelease) {
  const history = await helm.history(ref).catch(() => null);
  if (history === null) return false;
  const last = history.at(-1);
  if (sample.breakWith)
    return (
      history.length === 2 &&
      last?.status === "failed" &&
      last.chart === `${sample.chart}-${sample.breakWith}`
    );
  return (
    history.length === 1 &&
    last?.status === "deployed" &&
    last.chart === `${sample.chart}-${sample.version}`
  );
}

async function seed(helm: HelmClient, repo: string, ref: ReleaseRef, sample: SampleRelease) {
  await helm.mutate({
    kind: "install",
    release: ref,
    chart: `${repo}/${sample.chart}`,
    version: sample.version,
    createNamespace: true,
    wait: true,
    timeoutSeconds: 120,
  });
  if (!sample.breakWith) return;
  // helm --wait gives up on the crashing pods: the release is left failed, as in real life.
  await helm
    .mutate({
      kind: "upgrade",
      release: ref,
      chart: `${repo}/${sample.chart}`,
      version: sample.breakWith,
      valuesStrategy: "reset-then-reuse",
      wait: true,
      timeoutSeconds: 8,
    })
    .catch(() => undefined);
}

// Installs (or re-makes) the samples in `namespace`; reports each line of progress.
export async function seedSampleReleases(
  helm: HelmClient,
  repo: string,
  namespace: string,
  progress: (line: string) => void,
): Promise<void> {
  const one = async (sample: SampleRelease) => {
    const ref = { name: sample.name, namespace };
    if (await isAsSeeded(helm, ref, sample)) return;
    const exists = await helm.history(ref).then(
      () => true,
      () => false,
    );
    if (exists) {
      progress(`resetting ${sample.name} (left changed by an earlier run)`);
      await helm.mutate({ kind: "uninstall", release: ref, wait: true, timeoutSeconds: 60 });
    }
    progress(`installing ${sample.name} (${sample.story})`);
    await seed(helm, repo, ref, sample);
    if (!(await isAsSeeded(helm, ref, sample)))
      throw new SampleReleaseError(`${sample.name} in ${namespace} did not end up ${sample.story}`);
  };
  // The first creates the namespace; the others then go side by side.
  const [first, ...rest] = SAMPLE_RELEASES;
  if (first) await one(first);
  await Promise.all(rest.map(one));
}
