import { describe, expect, it } from "vitest";
import { selectChangedDocuments } from "../../../src/plan/select-changed-documents.ts";

const cm = (name: string, value: string) =>
  `# Source: c/templates/${name}.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  mode: ${value}\n`;

describe("selectChangedDocuments", () => {
  it("keeps added and changed objects, as the chart wrote them, and counts the others", () => {
    const current = `---\n${cm("a", "1")}---\n${cm("b", "1")}`;
    const next = `---\n${cm("a", "1")}---\n${cm("b", "0755")}---\n${cm("c", "1")}`;
    const selected = selectChangedDocuments(current, next, "shop");
    expect(selected.unchanged).toBe(1);
    expect(selected.manifest).toContain("name: b\ndata:\n  mode: 0755");
    expect(selected.manifest).toContain("name: c");
    expect(selected.manifest).not.toContain("name: a\n");
  });

  it("keeps everything when nothing runs yet", () => {
    const selected = selectChangedDocuments("", `${cm("a", "1")}`, "shop");
    expect(selected).toMatchObject({ unchanged: 0 });
    expect(selected.manifest).toContain("name: a");
  });
});
