// Namespace globs as the policy writes them: "*" any run of characters, "?" one character,
// a leading "!" excludes. A list matches when some plain pattern does and no exclusion does.
export function matchesGlob(pattern: string, value: string): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\-]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`).test(value);
}

export function matchesNamespaceList(patterns: readonly string[], namespace: string): boolean {
  const included = patterns.some((p) => !p.startsWith("!") && matchesGlob(p, namespace));
  const excluded = patterns.some((p) => p.startsWith("!") && matchesGlob(p.slice(1), namespace));
  return included && !excluded;
}
