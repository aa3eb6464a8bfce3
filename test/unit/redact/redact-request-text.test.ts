import { describe, expect, it } from "vitest";
import { redactRequestText } from "../../../src/redact/redact-request-text.ts";

describe("redactRequestText", () => {
  it.each([
    ["set db auth.password=hunter2 -n shop", "set db auth.password=REDACTED -n shop"],
    ['set api apiKey="s3 cr3t" replicaCount=2', "set api apiKey=REDACTED replicaCount=2"],
    ["set --set a=1,db.password.value=x9y8,b=2", "set --set a=1,db.password.value=REDACTED,b=2"],
    [
      "set web extraEnv[0].value=v4l extraEnv[0].name=DB_PASSWORD",
      "set web extraEnv[0].value=REDACTED extraEnv[0].name=DB_PASSWORD",
    ],
    ["set the db password to hunter2", "set the db password to REDACTED"],
    [
      "set password for billing in demo to s3cret99",
      "set password for billing in demo to REDACTED",
    ],
    ["set the api token t0k3n-abc on web", "set the api token REDACTED on web"],
    ["use hunter2x as the backup passphrase", "use REDACTED as the backup passphrase"],
    ["set db url=postgres://u:pw@db/app", "set db url=REDACTED"],
    ["upgrade web --set image.tag=1.2.0", "upgrade web --set image.tag=1.2.0"],
    ["status web -n shop", "status web -n shop"],
    ["rotate the api token for web", "rotate the api token for web"],
    ["set db auth.existingSecret=db-creds", "set db auth.existingSecret=db-creds"],
  ])("%s", (text, expected) => {
    expect(redactRequestText(text)).toBe(expected);
  });
});
