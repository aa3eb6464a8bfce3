// The image as the tests see it: built by `npm run image` (buildah, cached outside the repo),
// inspected and run with podman (vfs storage, runc, host network) the way
// scripts/image/env.sh sets them up on machines with no Docker engine.
import { join } from "node:path";
import { execa, type ResultPromise } from "execa";
import { z } from "zod";

const root = join(import.meta.dirname, "..", "..", "..");

// podman with the project's storage and containers.conf (scripts/image/env.sh exports them).
export async function imageEnv(): Promise<Record<string, string>> {
  const { stdout } = await execa(
    "bash",
    ["-c", "source scripts/image/env.sh && echo $CONTAINERS_CONF && echo $CONTAINERS_STORAGE_CONF"],
    { cwd: root },
  );
  const [conf = "", storage = ""] = stdout.split("\n");
  return { CONTAINERS_CONF: conf, CONTAINERS_STORAGE_CONF: storage };
}

export async function buildImage(): Promise<{ ref: string; seconds: number }> {
  const started = Date.now();
  const { stdout } = await execa("scripts/image/build.sh", [], { cwd: root, stderr: "inherit" });
  return { ref: stdout.trim().split("\n").at(-1) ?? "", seconds: (Date.now() - started) / 1000 };
}

export function podman(env: Record<string, string>, args: string[]) {
  return execa("podman", args, { env, reject: false });
}

const InspectSchema = z.array(
  z.object({
    Size: z.number(),
    Config: z.object({
      User: z.string(),
      Entrypoint: z.array(z.string()),
      Cmd: z.array(z.string()),
      Env: z.array(z.string()),
      Volumes: z.record(z.string(), z.unknown()).nullish(),
      ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
      Labels: z.record(z.string(), z.string()),
    }),
    Healthcheck: z.object({ Test: z.array(z.string()) }).nullish(),
  }),
);

export async function inspectImage(env: Record<string, string>, ref: string) {
  const result = await podman(env, ["image", "inspect", ref]);
  if (result.exitCode !== 0) throw new Error(`podman image inspect ${ref}: ${result.stderr}`);
  const [image] = InspectSchema.parse(JSON.parse(result.stdout));
  if (!image) throw new Error(`podman image inspect ${ref}: no image`);
  return image;
}

export interface Container {
  id: string;
  logs(): Promise<string>;
  stop(): Promise<void>;
}

// A detached container on the host network with a read-only root filesystem: everything the
// process writes must go to the image's declared volume (/tmp).
export async function runContainer(
  env: Record<string, string>,
  ref: string,
  options: { name: string; env: Record<string, string>; mounts: string[]; args: string[] },
): Promise<Container> {
  const args = [
    "run",
    "--detach",
    "--name",
    options.name,
    "--network",
    "host",
    "--read-only",
    ...Object.entries(options.env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
    ...options.mounts.flatMap((m) => ["--volume", m]),
    ref,
    ...options.args,
  ];
  const result = await podman(env, args);
  if (result.exitCode !== 0) throw new Error(`podman ${args.join(" ")}: ${result.stderr}`);
  const id = result.stdout.trim();
  return {
    id,
    logs: async () => {
      const r = await podman(env, ["logs", id]);
      return `${r.stdout}\n${r.stderr}`;
    },
    stop: async () => {
      await podman(env, ["stop", "--time", "10", id]);
      await podman(env, ["rm", "--force", "--volumes", id]);
    },
  };
}

// A command in a throwaway container of the image (its own entrypoint replaced).
export function runIn(env: Record<string, string>, ref: string, command: string): ResultPromise {
  return execa(
    "podman",
    ["run", "--rm", "--network", "host", "--entrypoint", "sh", ref, "-c", command],
    {
      env,
      reject: false,
    },
  );
}
