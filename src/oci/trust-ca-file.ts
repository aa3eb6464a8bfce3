// Trust a private CA (WHEELHOUSE_REGISTRY_CA_FILE) for Node's own TLS clients, fetch included,
// in addition to the default roots: what NODE_EXTRA_CA_CERTS does, but from configuration.
// helm gets the same file as --ca-file on its OCI commands.
import { readFile } from "node:fs/promises";
import { getCACertificates, setDefaultCACertificates } from "node:tls";

export class CaFileError extends Error {
  readonly code = "oci_ca_file_invalid";
  constructor(path: string, reason: string, cause?: unknown) {
    super(`The CA file ${path} cannot be used: ${reason}.`, { cause });
    this.name = "CaFileError";
  }
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export async function trustCaFile(path: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new CaFileError(path, "it cannot be read", cause);
  }
  const certificates = text.match(PEM) ?? [];
  if (certificates.length === 0) throw new CaFileError(path, "it holds no PEM certificate");
  const current = getCACertificates("default");
  const added = certificates.filter((c) => !current.includes(c));
  if (added.length > 0) setDefaultCACertificates([...current, ...added]);
  return certificates.length;
}
