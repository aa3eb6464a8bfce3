// Text the API server itself wrote, now read in-process rather than through kubectl (the plan's
// check of changed objects, helm's records, log tails): a rejection echoes the object's fields,
// a Status message quotes what it was sent. Each such text is checked the way it leaves the
// process: classified as kubectl's stderr would be, made a refusal, redacted, then Block Kit.
import { describe, expect, it } from "vitest";
import { asManifestRejection } from "../../../src/kube/as-manifest-rejection.ts";
import { classifyKubectlFailure } from "../../../src/kube/classify-kubectl-failure.ts";
import { kubectlApplyStderr } from "../../../src/kube/kubectl-apply-stderr.ts";
import { codedErrorInfo, refusalFromError } from "../../../src/plan/refuse.ts";
import { redactMessage } from "../../../src/redact/redact-message.ts";
import { toBlockKit } from "../../../src/render/block-kit/to-block-kit.ts";
import { renderRefusal } from "../../../src/render/render-refusal.ts";

const SECRETS = {
  password: "Pa55w0rd-from-env-9Qx",
  token: "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
  userinfo: "s3cr3t-userinfo-77",
} as const;

// What the API server answers a server-side apply of a Deployment whose env holds a password
// and whose port is invalid: an Invalid Status quoting the rejected values (kubectl, and so the
// in-process check, words it from the causes).
const invalid = {
  status: {
    kind: "Status" as const,
    reason: "Invalid",
    message: `Deployment.apps "shop" is invalid: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535; env DB_PASSWORD=${SECRETS.password}`,
    details: {
      name: "shop",
      kind: "Deployment",
      causes: [
        {
          field: "spec.template.spec.containers[0].ports[0].containerPort",
          message: "Invalid value: 70000: must be between 1 and 65535",
        },
        {
          field: "spec.template.spec.containers[0].env[0].value",
          message: `Invalid value: "password=${SECRETS.password}" <!channel> *now*`,
        },
      ],
    },
  },
};

const forbidden = {
  status: {
    kind: "Status" as const,
    reason: "Forbidden",
    message: `secrets is forbidden: User "system:serviceaccount:shop:bot" cannot list resource "secrets"; token=${SECRETS.token} from https://admin:${SECRETS.userinfo}@10.0.0.1:6443 <@U0EVIL>`,
  },
};

function shownAsPlanRefusal(stderr: string): string {
  const error = asManifestRejection(
    classifyKubectlFailure({
      command: ["kubectl", "apply", "--server-side", "--dry-run=server", "-f", "-"],
      stderr,
      exitCode: 1,
    }),
  );
  const refusal = refusalFromError(codedErrorInfo(error), "upgrade", {
    name: "shop",
    namespace: "shop",
  });
  return JSON.stringify(toBlockKit(redactMessage(renderRefusal(refusal))));
}

describe("the API server's own words, read in-process, on their way to Slack", () => {
  it("keeps a rejection's reason and the field it names, without the secret it quotes", () => {
    const json = shownAsPlanRefusal(kubectlApplyStderr([], [], [invalid]));
    expect(json).toContain("containerPort");
    expect(json).toContain("must be between 1 and 65535");
    expect(json).not.toContain(SECRETS.password);
  });

  it("shows no token or URL credential from a Status message, and no live mention", () => {
    const json = shownAsPlanRefusal(kubectlApplyStderr(["metadata.name: odd"], [], [forbidden]));
    for (const secret of Object.values(SECRETS)) expect(json).not.toContain(secret);
    expect(json).toContain("forbidden");
    expect(json).not.toMatch(/<!channel>|<@U0EVIL>/);
  });

  it("redacts each of several rejections, one per line as kubectl prints them", () => {
    const json = shownAsPlanRefusal(kubectlApplyStderr([], [], [invalid, forbidden]));
    for (const secret of Object.values(SECRETS)) expect(json).not.toContain(secret);
    expect(json).toContain("containerPort");
  });
});
