// The hostile vocabulary the fuzz tests draw from. Lists are "|"-separated (a line break after
// a "|" is layout only); items are exactly what a person, a paste or an attacker could send.

function list(text: string): string[] {
  return text.split("|").map((item) => item.replace(/^\n/, ""));
}

export const VERBS = list(`upgrade|rollback|roll back|uninstall|delete|remove|set|change|update|
bump|scale|enable|disable|turn on|status|status of|values of|values|history|manifest|list|
list releases|diagnose|why is|what's wrong with|install|restart|help|audit|/helm|helm|
/helm upgrade|/helm rollback|/helm set|/helm uninstall|/helm status|please|can you|
ok wheelhouse|@wheelhouse`);
export const REQUEST_VERBS = list(`upgrade|rollback|uninstall|set|status|values|history|
manifest|diagnose|/helm upgrade|/helm set|roll back|list`);
// A flag's dashes, and what people (or attackers) type instead: fullwidth, en/em, minus signs.
export const DASHES = list("--|-|－－|—|–|‐‐|−|‑‑|⁃|﹣﹣|—-|-\u200b-|‐");
export const FLAGS = list(`post-renderer|kubeconfig|set-file|set-json|values|f|namespace|n|
version|set|set-string|dry-run|help|A|all-namespaces|revision|timeout|output|repo|devel|force|
no-hooks|reuse-values|wait|kube-token|registry-config|plugins|debug|`);
export const FLAG_VALUES = list(`/bin/sh|/tmp/evil|kube-system|values.yaml|
https://evil.example/x|--help|$(id)|0|-1|1.0.0|json|staging|--all|'a b'|"x;y"`);
// Shell syntax; "|" separates the list, so the pipes come after it.
export const SHELL = list(`;|&&|$(id)|\u0024{IFS}|\`id\`|> /etc/passwd|< /dev/null|&|
\nkubectl delete ns x|; rm -rf /|$HOME|'|"|\\|*|?|!|#|~|(|)|{|}|sh -c 'id'|/usr/bin/env|2>&1`).concat(
  ["|", "||", "| sh"],
);
export const MARKUP = list(`<!channel>|<!here>|<!everyone>|<!subteam^S0ONCALL>|<@U0ALICE>|
<@U0WHEELBOT>|<#C0GENERAL>|<http://evil.example>|<https://evil.example/x.sh>|&gt;|&lt;|&amp;|
&amp;lt;|&gt; quoted|> quoted|\`\`\`|\`|*|_|~|:rotating_light:|<|>`).concat([
  "<!subteam^S0ONCALL|@oncall>",
  "<@U0WHEELBOT|wheelhouse>",
  "<#C0GENERAL|general>",
  "<http://evil.example|kafka>",
  "<mailto:a@evil.example|x>",
  "<!date^1392734382^{date}|x>",
]);
// Zero-width, bidi controls, soft hyphen, no-break and ideographic spaces, combining marks.
export const INVISIBLE = [
  ..."\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u00a0\u3000\u0301\u034f",
];
export const CONTROL = [
  ..."\u0000\u0007\b\t\n\r\v\f\u007f\u0085\u009b\u2028\u2029",
  "\u001b[31m",
  "\r\n",
];
export const HOMOGLYPHS: Readonly<Record<string, string[]>> = {
  a: [..."аɑａ"],
  c: [..."сϲ"],
  e: [..."её"],
  i: [..."іıӏ"],
  k: [..."кκ"],
  n: [..."пո"],
  o: [..."оο０"],
  p: [..."рρ"],
  s: ["ѕ"],
  x: ["х"],
  y: ["у"],
  l: [..."ӏ1"],
  "-": [..."‐‑−－"],
  ".": [..."．。·"],
};
export const SET_KEYS = list(`image.tag|replicaCount|a.b[0].c|__proto__|constructor|toString|
--set|-x|a..b|a b|ключ|image.tag\u200b|a=b|x[-1]|.a|a.|auth.password|podAnnotations.x|
env[0].value|image.tag;id|$(id)|ingress.enabled|${"k".repeat(300)}`);
export const SET_VALUES = list(`1|1.10|0.5|007|123456789012345678901234|9007199254740993|1e5|
0x1F|-1|--help|true|TRUE|False|null|a,b|a\\,b|{a,b}|[0]|x=y|$(id)|\`id\`|a;b|'quoted value'|
"double"|é|a\u202eb|a\u200bb|a\u0000b|\u001b[2J|a\u0085b||  |nginx:1.27|v1.2.3|~/x|*|%s|\\|
https://user:pass@db.example/x|/usr/bin/id|${"x".repeat(2000)}`);
// Keys and values whose typed form survives the message reader: helm must get them as typed.
export const PLAIN_KEYS = list("image.tag|config.level|podLabels.team|app.build");
export const PLAIN_VALUES = list(`1.10|1.0|0.50|007|123456789012345678901234|9007199254740993|
1e5|0x1F|42|0|true|False|v1.2.3|nginx:1.27|3.14159|1_000`);
export const VERSIONS = list(`1.1.0|v1.2.0|^1.2|~2.0.0|>=1.0.0 <2.0.0|latest|1.0.0-rc.1+build.5|
--help|1.0.0;id|$(id)|１.２.３|1.0.0\u202e|01.0.0|99999999999999999999.0.0|1.0|2|-1.0.0|
1.0.0\n-x|^|~|v|1.0.0 --post-renderer x|`);
export const NAMESPACES = list(`kube-system|default|prod|-n|'staging; rm'|STAGING|ns..x|*|all|
${"a".repeat(70)}`);
export const SEPARATORS = [
  " ",
  " ",
  " ",
  "  ",
  "\t",
  "\n",
  ", ",
  "; ",
  "\u00a0",
  "\u3000",
  " -> ",
  "",
];

// Fields of helm operations, for the operation fuzzer: names valid, near-valid and hostile.
export const GOOD_NAMES = list("kafka|shop-frontend|web-1|team-a");
export const NAMES = list(`kafka|shop-frontend|a.b|a|${"x".repeat(53)}|${"x".repeat(54)}|-kafka|
kafka-|Kafka|kаfka|ka\u200bfka|ka fka|kafka;id|$(id)|--all|-n||kafka\n|ｋａｆｋａ|a..b|.a|a_b|
a/b|../x|*|~x|kafka\u202e|0`);
export const STRINGS = list(`1.2.3|a,b|a\\,b|{a,b}|[0]|x=y|--help|-1|$(id)|\`id\`|a;b|a\u202eb|
a\u200bb|a\u0000b|\u001b[2J|a\u0085b||  |é|null|true|a\\|\\|a\u2028b|https://u:p@db/x|%s|1.10|
a{b}|_x|${"x".repeat(1025)}`);
export const NUMBERS = [
  0,
  1,
  -1,
  3,
  1.5,
  2 ** 53,
  2 ** 53 + 2,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
];
