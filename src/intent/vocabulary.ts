// Words that carry no release name: grammar, chat filler and domain nouns. They are never
// taken as a release by prefix or typo matching, and never "corrected" into a verb.

const GRAMMAR_LIST = `a an the this that these those it its it's them they their there here
i me my we us our you your u ur he she his her him who whom whose which what when where why how
is are was were be been being am do does did done doing has have had having will would shall
should can could may might must need needs to of for on in at by from with without into onto
about over under as and or but so if then than also too very just only still again even already
not no yes yeah yep nope ok okay sure pls plz please thanks thank thx ty cheers hey hi hello yo
hiya morning folks team guys all everyone someone anyone somebody anybody some any anything
something everything nothing one ones other another same new old current currently right now
asap quickly quick real really urgent urgently soon today tonight yesterday tomorrow minute
minutes hour hours while again back up down out off via per like looks look looking seems seem
seemed lets let let's go going gone get gets got getting give gives show shows showing tell see
view display print fetch dump describe know think want wants wanted would love appreciate mind
could kindly help me thing things stuff bit lot lots`;

const DOMAIN_LIST = `helm chart charts release releases version versions revision revisions rev
app apps application applications service services deployment deployments pod pods container
containers cluster clusters namespace namespaces ns node nodes k8s kube kubernetes bot wheelhouse
cmd command commands latest newest recent previous last first next good bad healthy working
running deployed installed pending failed failing superseded uninstalled error errors logs log
value values key keys setting settings replica replicas replicacount instances image tag
to-revision number ago times time since after before during upgrade upgrades rollback status
history manifest list set enable disable scale true false yes on off enabled disabled`;

export const GRAMMAR: ReadonlySet<string> = new Set(GRAMMAR_LIST.split(/\s+/));
export const DOMAIN_WORDS: ReadonlySet<string> = new Set(DOMAIN_LIST.split(/\s+/));

// English words close to a verb that must not be "corrected" into it.
export const NOT_TYPOS: ReadonlySet<string> = new Set(
  `last lost lust host held hell heap unable stale scala scalar scales scaled reverse review
revise revised restart restore release relate updated updates upgraded deleted delta removed
remote removes remover stats static statue states disabled disables enabled enables broker
brokers falling filing valves valued unto dump jump pump lists listed helped helps history's
revisits revisit revision status's statuses manifesto values' replica setup settle
deploys deployed files filed stack stock struck stick stuff chance charge changed changes
released checked restarted reverted chats`.split(/\s+/),
);

// Verbs and nouns worth correcting when mistyped ("upgarde", "rolback", "staus").
export const TYPO_TARGETS: readonly string[] = [
  "upgrade",
  "update",
  "rollback",
  "revert",
  "uninstall",
  "remove",
  "delete",
  "status",
  "history",
  "values",
  "manifest",
  "releases",
  "revisions",
  "revision",
  "diagnose",
  "troubleshoot",
  "investigate",
  "enable",
  "disable",
  "scale",
  "failing",
  "broken",
  "crashlooping",
  "crashloop",
  "healthy",
  "unhealthy",
  "pending",
  "deployed",
  "latest",
  "replicas",
  "namespace",
  "previous",
  "config",
  "configuration",
  "settings",
  "rendered",
  "list",
  "help",
  "undo",
  "nuke",
  "bump",
  "downgrade",
  "destroy",
  "purge",
  "check",
  "newest",
  "recent",
  "changed",
  "deployed",
  "upgraded",
  "installed",
  "cluster",
  "release",
  "anything",
  "everything",
  "something",
  // "roll bakc": the particle of "roll back" matters as much as the verb.
  "back",
];

// Namespaces people abbreviate: any member of a group finds a namespace named by another.
export const NAMESPACE_SYNONYMS: readonly (readonly string[])[] = [
  ["prod", "production", "prd", "live"],
  ["staging", "stage", "stg"],
  ["dev", "development", "develop"],
  ["test", "testing", "tst"],
  ["qa", "quality"],
  ["uat", "acceptance"],
  ["preprod", "pre-prod", "preproduction"],
  ["sandbox", "sbx"],
  ["monitoring", "mon"],
  ["observability", "o11y", "obs"],
  ["kube-system", "system"],
];

// Words after "in"/"on" that are not namespaces: "in the cluster", "on k8s".
export const NOT_NAMESPACES: ReadonlySet<string> = new Set(
  `cluster clusters k8s kubernetes kube general total slack here there it them all every
everything any anything this that the a an our my your prod-cluster helm chart charts
release releases revision version a-hurry hurry minute minutes second seconds hour hours
channel thread slack-thread case fact addition order particular`.split(/\s+/),
);

// Nicknames on-call people use for well-known charts; each maps to release or chart names
// that are looked up in the inventory (a nickname alone never invents a release).
export const RELEASE_ALIASES: ReadonlyMap<string, readonly string[]> = new Map([
  ["pg", ["postgres", "postgresql"]],
  ["psql", ["postgres", "postgresql"]],
  ["postgre", ["postgres", "postgresql"]],
  ["es", ["elasticsearch"]],
  ["elastic", ["elasticsearch"]],
  ["mongo", ["mongodb"]],
  ["prom", ["prometheus", "kube-prometheus-stack"]],
  ["alertmanager", ["kube-prometheus-stack", "alertmanager"]],
  ["argo", ["argocd", "argo-cd"]],
  ["eso", ["external-secrets"]],
  ["otel", ["opentelemetry-collector", "opentelemetry-operator"]],
  ["ksm", ["kube-state-metrics"]],
  ["nginx", ["ingress-nginx", "nginx"]],
  ["ingress", ["ingress-nginx"]],
  ["rabbit", ["rabbitmq"]],
  ["mq", ["rabbitmq"]],
  ["zk", ["zookeeper"]],
  ["vm", ["victoria-metrics-k8s-stack", "victoria-metrics-single"]],
  ["kc", ["keycloak"]],
]);
