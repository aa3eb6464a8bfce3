// Diagnoses for the renderer's tests: the rules' own output on snapshots captured from the test
// cluster (test/fixtures/diagnose/snapshots), and a hostile one whose every outside string would
// ping, link, break out of its markup or leak a credential if a renderer or SlackOut let it.
import { diagnoseSnapshot } from "../../../src/diagnose/diagnose-snapshot.ts";
import type { Diagnosis } from "../../../src/model/diagnosis.ts";
import { loadSnapshot } from "../diagnose/snapshot-fixtures.ts";
import { HOSTILE, hostile } from "./hostile-fixtures.ts";

export const diagnosisOf = (snapshot: string): Diagnosis =>
  diagnoseSnapshot(loadSnapshot(snapshot));

// Credentials the way they turn up in log lines, events and annotations.
export const LEAKS = {
  password: "hunter2-db-pass",
  bearer: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3aGVlbGhvdXNlIn0.c2lnbmF0dXJl",
};
export const LEAKY_LINES = [
  `DB_PASSWORD=${LEAKS.password} connecting to db:5432`,
  `GET /api/v1/orders Authorization: Bearer ${LEAKS.bearer}`,
];

// Every string made hostile, severities kept (the renderer switches on them), and the evidence
// carrying credentials as a crashed container's log would.
export function hostileDiagnosis(): Diagnosis {
  const base = diagnosisOf("crash-loop-after-upgrade");
  const d = hostile({
    ...base,
    explanation: "The new image crashes on start; rolling back restores the last good revision.",
  });
  d.findings = d.findings.map((f, i) => ({
    ...f,
    severity: base.findings[i]?.severity ?? "critical",
    evidence: [...LEAKY_LINES.map((line) => `previous log web/web: ${line}`), ...f.evidence],
  }));
  d.checked = [...d.checked, HOSTILE];
  return d;
}
