// The OCI registries scripts/registry/up.sh runs on loopback (Debian's docker-registry, TLS with
// its own CA, one with basic auth and one with token auth): where they are, a helm logged in to
// both, and fixture charts pushed under a repository path of the test's own.
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { z } from "zod";
import { isolatedHelmEnv } from "./helm-fixture.ts";
import { testEnvironment as env } from "./test-environment.ts";

const registryInfoSchema = z.object({
  basic: z.string(),
  token: z.string(),
  tokenRealm: z.string(),
  caFile: z.string(),
  username: z.string(),
  password: z.string(),
});
export type TestRegistry = z.infer<typeof registryInfoSchema>;

const state = process.env.WHEELHOUSE_STATE ?? join(homedir(), ".cache", "wheelhouse", "state");
export const REGISTRY_INFO = join(state, "registry", "registry.json");
export const REGISTRY_HINT = "run 'scripts/registry/up.sh' (npm test starts it)";

export async function testRegistry(): Promise<TestRegistry> {
  let text: string;
  try {
    text = await readFile(REGISTRY_INFO, "utf8");
  } catch (cause) {
    throw new Error(
      `The test OCI registries are not running (${REGISTRY_INFO}): ${REGISTRY_HINT}.`,
      {
        cause,
      },
    );
  }
  return registryInfoSchema.parse(JSON.parse(text));
}

// A fresh helm home logged in to both registries (HELM_REGISTRY_CONFIG inside it).
export async function registryHelmEnv(
  registry: TestRegistry,
  password = registry.password,
): Promise<Record<string, string>> {
  const helmEnv = await isolatedHelmEnv();
  const registryConfig = join(helmEnv.HELM_CONFIG_HOME ?? tmpdir(), "registry", "config.json");
  const withRegistry = { ...helmEnv, HELM_REGISTRY_CONFIG: registryConfig };
  for (const host of [registry.basic, registry.token]) {
    await execa(
      env.helm4Bin,
      [
        "registry",
        "login",
        host,
        "--username",
        registry.username,
        "--password-stdin",
        "--ca-file",
        registry.caFile,
      ],
      { env: withRegistry, input: password },
    );
  }
  return withRegistry;
}

// What helm's registry config holds after a login that typed the wrong password (helm refuses
// such a login, so the file is written as `helm registry login` would have written it).
export async function wrongPasswordConfig(registry: TestRegistry): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "wheelhouse-registry-"));
  const auth = Buffer.from(`${registry.username}:not-the-password`).toString("base64");
  const path = join(dir, "config.json");
  const auths = { [registry.basic]: { auth }, [registry.token]: { auth } };
  await writeFile(path, JSON.stringify({ auths }), { mode: 0o600 });
  return path;
}

// Fixture versions as pushed: the webapp charts, one with build metadata ('+' becomes '_' in the
// tag) and one with a "v" prefix (helm ignores such tags).
export const PUSHED_VERSIONS = ["1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0-rc.1"];
const VARIANTS = [
  { from: "webapp-1.1.0", version: "1.1.1+build.5" },
  { from: "webapp-1.1.0", version: "v1.3.0" },
];

async function variant(from: string, version: string, dir: string): Promise<string> {
  const target = join(dir, `webapp-${version}`);
  await cp(join(env.chartsDir, from), target, { recursive: true });
  const chartYaml = join(target, "Chart.yaml");
  const text = await readFile(chartYaml, "utf8");
  await writeFile(chartYaml, text.replace(/^version: .*$/m, `version: ${version}`));
  // A label cannot hold '+': charts with build metadata write it as '_' (as `helm create` does).
  const helpers = join(target, "templates", "_helpers.tpl");
  const tpl = await readFile(helpers, "utf8");
  await writeFile(
    helpers,
    tpl.replace("{{ .Chart.Version }}", '{{ .Chart.Version | replace "+" "_" }}'),
  );
  return target;
}

// Pushes the fixture versions to oci://<host>/<unique path>; returns that prefix.
export async function pushFixtureCharts(
  host: string,
  registry: TestRegistry,
  helmEnv: Record<string, string>,
): Promise<string> {
  const prefix = `oci://${host}/wh-test-${randomBytes(3).toString("hex")}`;
  const dir = await mkdtemp(join(tmpdir(), "wheelhouse-oci-charts-"));
  const charts = [
    ...PUSHED_VERSIONS.map((v) => join(env.chartsDir, `webapp-${v}`)),
    ...(await Promise.all(VARIANTS.map((v) => variant(v.from, v.version, dir)))),
  ];
  await execa(env.helm4Bin, ["package", ...charts, "--destination", dir], { env: helmEnv });
  const versions = [...PUSHED_VERSIONS, ...VARIANTS.map((v) => v.version)];
  for (const version of versions) {
    const archive = join(dir, `webapp-${version}.tgz`);
    await execa(env.helm4Bin, ["push", archive, prefix, "--ca-file", registry.caFile], {
      env: helmEnv,
    });
  }
  return prefix;
}
