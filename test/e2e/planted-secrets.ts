// The credentials planted in test/fixtures/charts/secrets-* and in the ledger container's logs
// (test/fixtures/cluster/logs/ledger-*.txt), and the check that none of them, in any of the
// forms a leak takes, appears in what Wheelhouse wrote. Random strings, so the check is exact.
import { randomBytes } from "node:crypto";

export interface Planted {
  where: string;
  value: string;
}

const planted = (where: string, value: string): Planted => ({ where, value });

export const CHART_SECRETS: Planted[] = [
  planted("values auth.password.value (a sensitive middle segment)", "pDJAJDihqK44kY7XbDnx4H"),
  planted("values db.password, Secret stringData, env DB_PASSWORD", "Gdrz26Qd2bWGZVFM8DYyMV"),
  planted("values db.url, env DATABASE_URL, NOTES (URL userinfo)", "qtUxBR9dTQTiHL3ebDGTvX"),
  planted("values apiKey, Secret data (base64) in 1.0.0", "WLCjkcui2qXLnm5TPvsC3n"),
  planted("values apiKey in 1.1.0", "WJYUdYyMgExLzJZkaQyq9A"),
  planted("values integrations.alerts.endpoint (Slack webhook URL)", "LARyA7pDSHn4Aw2TXR4sz7"),
  planted("values deep.nested.level3.clientSecret", "zgZBYBUWadh5q3Qr7Ftqf2"),
  planted("values deep.nested.level3.refreshToken in 1.1.0", "thEhsRUgmM2qURajrr2tbS"),
  planted("values legacy.settings (ini in a values string)", "2kh4PbkLgZvDQuGpdN5FxF"),
  planted("values admin.password, NOTES.txt", "ecMAFVhtMuzcnEA2VrH6rh"),
  planted("Secret data session-key (base64) in 1.0.0", "8LzThGPPHXeUMLEC3Crzwu"),
  planted("Secret data session-key (base64) in 1.1.0", "Sa8zncnTLHRMJ3ydo2nke8"),
  planted("Secret inside kind: List", "2BTTDv499susWbUT4SzQmm"),
  planted("ConfigMap key DB_PASSWORD in 1.0.0", "iz6fUfRD3rvE4LavQVcf9M"),
  planted("ConfigMap key DB_PASSWORD in 1.1.0", "MriGjQxdUsRG69TkVrCcjs"),
  planted("ConfigMap key SMTP_AUTH_TOKEN", "GiHyNtEEzSzagaCd4xiSrS"),
  planted("ConfigMap app.ini admin_password", "4RSdaKXxM8eNk6xMJUbJPK"),
  planted("ConfigMap .env SECRET_KEY", "7YAxshThtLi5jGGxnh7TYQ"),
  planted("ConfigMap application.properties password", "AEfNFsrj3Rjxy4ZdcE4Pp4"),
  planted("ConfigMap config.yaml database.credentials.password", "FuZsVT866QGR6eZxtdLRpQ"),
  planted("Deployment annotation ledger.example.com/api-token", "6TAf2Wo2tWCD96EddYrhP9"),
  planted("container arg --db-password= in 1.0.0", "fQ7fPtJkdvTESpwUtdf4mq"),
  planted("container arg --db-password= in 1.1.0", "wVo9tyuMPahntFDRKKPBbi"),
  planted("container args --token <value>", "aEdWefwvRCY88ffFnBmu7x"),
];

export const LOG_SECRETS: Planted[] = [
  planted("log DB_PASSWORD=…", "3gVyogpmC2eoUZ4cacy8MC"),
  planted('log JSON {"password":"…"}', "SRLmdRokvcMxNRLvtFrumW"),
  planted("log Authorization: Bearer …", "U5AnLuSRLTbuyBAAQ9mhsG"),
  planted("log postgres:// URL with userinfo", "ztnQt86bG5u5Y8taMxZhLQ"),
  planted("log X-Api-Key: …", "nLZCMZmRedU8ULeHeBD5aU"),
  planted("current log token=…", "idnBYiRosC5SZy2PJvZCdZ"),
];

// A fresh secret for this run (what a person types, or sets at install).
export function runSecret(where: string): Planted {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const value = Array.from(randomBytes(22), (b) => alphabet[b % alphabet.length]).join("");
  return planted(where, value);
}

// The forms a leak takes: the secret, its base64 (Secret data), its tail (half-hidden values).
export function leakForms(secret: string): Array<{ form: string; text: string }> {
  return [
    { form: "as is", text: secret },
    { form: "base64", text: Buffer.from(secret).toString("base64") },
    { form: "last 12 characters", text: secret.slice(-12) },
  ];
}

// Every planted secret found in any output, with where it was and a little of the text around.
export function findLeaks(secrets: Planted[], outputs: Record<string, string>): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (const { form, text } of leakForms(secret.value)) {
      for (const [name, output] of Object.entries(outputs)) {
        const at = output.indexOf(text);
        if (at < 0) continue;
        const around = output.slice(Math.max(0, at - 80), at + text.length + 40);
        found.push(`${secret.where} (${form}) in ${name}: …${around}…`);
      }
    }
  }
  return found;
}
