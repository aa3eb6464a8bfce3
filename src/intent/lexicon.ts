// The words people use in incident channels for each Helm operation, with a weight that
// says how decisive each cue is: an imperative "roll back" beats a symptom like "stuck",
// which beats a soft "check". Data only; detect-operation.ts does the reading.
import type { Operation } from "../model/intent.ts";

// "install" and "restart" are understood so that they can be refused clearly.
export type CueOperation = Operation | "install" | "restart";

export interface Cue {
  op: CueOperation;
  weight: number;
}

// Weights, highest wins (see detect-operation.ts for ties and nouns).
export const W_ACTION = 3;
export const W_WHY = 2.5;
export const W_READ = 2.2;
export const W_LIST_NOUN = 2.1;
export const W_LIST = 2;
export const W_SYMPTOM = 1.5;
export const W_CHECK = 1.2;
export const W_HELP = 1;

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== "");
}

function cues(op: CueOperation, weight: number, list: string[]): Array<[string, Cue]> {
  return list.map((w) => [w, { op, weight }]);
}

export const WORD_CUES: ReadonlyMap<string, Cue> = new Map([
  ...cues(
    "upgrade",
    W_ACTION,
    words(`upgrade upgrading bump bumping update updating downgrade downgrading redeploy
promote`),
  ),
  ...cues("upgrade", W_WHY, ["deploy", "ship", "rollout"]),
  ...cues(
    "rollback",
    W_ACTION,
    words(`rollback roll-back revert reverting undo backout restore unroll`),
  ),
  ...cues(
    "uninstall",
    W_ACTION,
    words(`uninstall uninstalling remove removing delete deleting del nuke destroy purge
teardown decommission wipe trash rm`),
  ),
  ...cues("uninstall", W_WHY, ["drop", "deprovision"]),
  ...cues("status", W_READ, words(`status health healthy state stat doing alive`)),
  ...cues(
    "history",
    W_READ,
    words(`history hist revisions changelog deploys rollouts timeline diff`),
  ),
  ...cues(
    "values",
    W_READ,
    words(`values values.yaml vals config configs configuration configured settings overrides
parameters params`),
  ),
  ...cues("manifest", W_READ, words(`manifest manifests rendered templates yaml yml`)),
  ...cues("manifest", W_LIST, ["resources", "objects"]),
  ...cues("list", W_LIST_NOUN, ["releases", "charts", "inventory", "overview"]),
  ...cues("list", W_LIST, ["list", "ls"]),
  ...cues(
    "set-values",
    W_ACTION,
    words(`set enable disable scale scaling resize toggle flip raise
lower`),
  ),
  ...cues("set-values", W_WHY, words(`change configure tweak increase decrease`)),
  ...cues(
    "diagnose",
    W_WHY,
    words(`why diagnose diagnosis debug troubleshoot investigate rca fix repair heal unstick
unblock triage`),
  ),
  ...cues(
    "diagnose",
    W_SYMPTOM,
    words(`failing failed fail fails failure broken broke breaking stuck hung hanging crashloop
crashlooping crashloopbackoff crashing crashed crash down erroring errors error
unhealthy degraded flapping flaky oom ooming oomkilled oom-killed oomkilling
imagepullbackoff errimagepull restarting dead dying borked fubar hosed sick
misbehaving unstable wrong happened 5xx 500s 502s 503s pending unavailable
unreachable timing weird slow sluggish laggy lagging lag latency leaking leak
spiking eating expired expiring throttled throttling evicted timeouts timeout
refused unresponsive frozen freezing stalled stalling panic panicking exceptions
exception killed terminated backlog piling 500 502 503 504 404s 504s outage`),
  ),
  ...cues("diagnose", W_CHECK, ["logs", "log", "events"]),
  ...cues("diagnose", W_CHECK, ["high", "red", "spike"]),
  ...cues("diagnose", W_CHECK, words(`check inspect examine eyes problem issue issues`)),
  ...cues("help", W_HELP, words(`help commands usage docs manual`)),
  ...cues("install", W_ACTION, ["install", "installing", "provision", "reinstall"]),
  ...cues("restart", W_ACTION, words(`restart restarts bounce reboot recycle kick kill`)),
]);

export interface PhraseCue extends Cue {
  words: readonly string[];
}

function phrase(op: CueOperation, weight: number, text: string): PhraseCue {
  return { op, weight, words: text.split(" ") };
}

// Multi-word cues: matched before single words and win over the words inside them.
export const PHRASE_CUES: readonly PhraseCue[] = [
  phrase("rollback", W_ACTION, "roll back"),
  phrase("rollback", W_ACTION, "rolled back"),
  phrase("rollback", W_ACTION, "rolling back"),
  phrase("rollback", W_ACTION, "rolls back"),
  phrase("rollback", W_ACTION, "roll it back"),
  phrase("rollback", W_ACTION, "roll that back"),
  phrase("rollback", W_ACTION, "go back"),
  phrase("rollback", W_ACTION, "back out"),
  phrase("rollback", W_ACTION, "put back"),
  phrase("rollback", W_ACTION, "revert back"),
  phrase("rollback", W_ACTION, "previous version"),
  phrase("rollback", W_ACTION, "previous revision"),
  phrase("rollback", W_ACTION, "last good"),
  phrase("rollback", W_ACTION, "last known good"),
  phrase("rollback", W_WHY, "to previous"),
  phrase("rollback", W_WHY, "to the previous"),
  phrase("rollback", W_WHY, "to prior"),
  phrase("uninstall", W_ACTION, "tear down"),
  phrase("uninstall", W_ACTION, "tear it down"),
  phrase("uninstall", W_ACTION, "get rid of"),
  phrase("uninstall", W_ACTION, "take down"),
  phrase("uninstall", W_ACTION, "blow away"),
  phrase("upgrade", W_ACTION, "roll out"),
  phrase("upgrade", W_ACTION, "roll forward"),
  phrase("install", W_ACTION, "set up"),
  phrase("install", W_ACTION, "spin up"),
  phrase("set-values", W_ACTION, "turn on"),
  phrase("set-values", W_ACTION, "turn off"),
  phrase("set-values", W_ACTION, "switch on"),
  phrase("set-values", W_ACTION, "switch off"),
  phrase("set-values", W_ACTION, "scale up"),
  phrase("set-values", W_ACTION, "scale down"),
  phrase("status", W_READ, "how is"),
  phrase("status", W_READ, "how are"),
  phrase("status", W_READ, "how did"),
  phrase("status", W_READ, "what version"),
  phrase("status", W_READ, "which version"),
  phrase("status", W_READ, "what chart version"),
  phrase("status", W_READ, "which chart version"),
  phrase("status", W_READ, "what revision"),
  phrase("status", W_READ, "which revision"),
  phrase("status", W_READ, "up and running"),
  phrase("history", W_READ, "revision history"),
  phrase("history", W_READ, "release history"),
  phrase("history", W_READ, "what changed"),
  phrase("history", W_READ, "who changed"),
  phrase("values", W_READ, "what did we set"),
  phrase("values", W_READ, "what did we override"),
  phrase("values", W_READ, "what have we set"),
  phrase("values", W_READ, "what have we overridden"),
  phrase("history", W_READ, "who deployed"),
  phrase("history", W_READ, "who upgraded"),
  phrase("history", W_READ, "who touched"),
  phrase("history", W_READ, "who rolled"),
  phrase("history", W_READ, "who updated"),
  phrase("history", W_READ, "who reverted"),
  phrase("history", W_READ, "who removed"),
  phrase("history", W_READ, "who installed"),
  phrase("history", W_READ, "who did"),
  // Weaker than a symptom: "when did kafka start failing" is about the failure.
  phrase("history", W_SYMPTOM - 0.1, "when was"),
  phrase("history", W_SYMPTOM - 0.1, "when did"),
  phrase("history", W_READ, "past releases"),
  phrase("history", W_READ, "previous releases"),
  phrase("history", W_READ, "past revisions"),
  phrase("history", W_READ, "previous revisions"),
  phrase("history", W_READ, "all revisions"),
  phrase("history", W_READ, "last deployed"),
  phrase("history", W_READ, "last upgraded"),
  phrase("history", W_READ, "last updated"),
  phrase("history", W_READ, "last changed"),
  phrase("history", W_READ, "last touched"),
  phrase("history", W_READ, "deploy history"),
  phrase("history", W_READ, "deployment history"),
  phrase("values", W_READ, "get values"),
  phrase("values", W_READ, "values file"),
  phrase("manifest", W_READ, "get manifest"),
  phrase("manifest", W_READ, "get all"),
  phrase("manifest", W_READ, "what does"),
  phrase("manifest", W_READ, "k8s objects"),
  phrase("manifest", W_READ, "kubernetes objects"),
  phrase("manifest", W_READ, "kubernetes resources"),
  phrase("manifest", W_READ, "k8s resources"),
  phrase("list", W_WHY, "what is running"),
  phrase("list", W_WHY, "what is deployed"),
  phrase("list", W_WHY, "what is installed"),
  phrase("list", W_WHY, "what is in"),
  phrase("list", W_WHY, "what is on"),
  phrase("list", W_WHY, "what is out there"),
  phrase("list", W_WHY, "what do we have"),
  phrase("list", W_WHY, "what do we run"),
  phrase("list", W_WHY, "what have we got"),
  phrase("list", W_WHY, "what runs in"),
  phrase("list", W_WHY, "which apps"),
  phrase("list", W_WHY, "which services"),
  phrase("list", W_WHY, "all apps"),
  phrase("diagnose", W_WHY + 0.1, "not healthy"),
  phrase("diagnose", W_WHY + 0.1, "not ready"),
  phrase("diagnose", W_WHY + 0.1, "not working"),
  phrase("diagnose", W_WHY + 0.1, "not running"),
  phrase("diagnose", W_WHY + 0.1, "not up"),
  phrase("diagnose", W_WHY + 0.1, "not starting"),
  phrase("diagnose", W_WHY + 0.1, "not coming up"),
  phrase("diagnose", W_WHY + 0.1, "not responding"),
  phrase("diagnose", W_WHY + 0.1, "not deploying"),
  phrase("diagnose", W_WHY + 0.1, "not come up"),
  phrase("diagnose", W_WHY + 0.1, "not start"),
  phrase("diagnose", W_WHY + 0.1, "not load"),
  phrase("diagnose", W_WHY + 0.1, "not respond"),
  phrase("diagnose", W_WHY + 0.1, "not work"),
  phrase("diagnose", W_WHY + 0.1, "not boot"),
  phrase("diagnose", W_WHY + 0.1, "not sync"),
  phrase("diagnose", W_WHY + 0.1, "not syncing"),
  phrase("diagnose", W_WHY, "what is wrong"),
  phrase("diagnose", W_WHY, "what happened"),
  phrase("diagnose", W_WHY, "what is going on"),
  phrase("diagnose", W_WHY, "what is up with"),
  phrase("diagnose", W_WHY, "going on with"),
  phrase("diagnose", W_WHY, "look into"),
  phrase("diagnose", W_WHY, "dig into"),
  phrase("diagnose", W_WHY, "figure out"),
  phrase("diagnose", W_WHY, "acting up"),
  phrase("diagnose", W_WHY, "out of sync"),
  phrase("diagnose", W_WHY, "sort out"),
  phrase("diagnose", W_WHY, "going wrong"),
  phrase("diagnose", W_WHY, "on fire"),
  phrase("diagnose", W_WHY, "timing out"),
  phrase("diagnose", W_WHY, "timed out"),
  phrase("diagnose", W_WHY, "falling over"),
  phrase("diagnose", W_WHY, "keeps restarting"),
  phrase("diagnose", W_WHY, "backing up"),
  phrase("diagnose", W_WHY, "backed up"),
  phrase("diagnose", W_WHY, "piling up"),
  phrase("diagnose", W_WHY, "blowing up"),
  phrase("diagnose", W_CHECK, "look at"),
  phrase("diagnose", W_CHECK, "take a look"),
  phrase("diagnose", W_CHECK, "have a look"),
  phrase("help", W_HELP + 0.5, "what can you do"),
  phrase("help", W_HELP + 0.5, "how do i"),
  phrase("help", W_HELP + 0.5, "how does this work"),
  phrase("help", W_HELP + 0.5, "what do you do"),
  phrase("help", W_HELP + 0.5, "how to use"),
];

// Action words that are often nouns: "the upgrade failed", "after the rollback".
export const NOUNABLE = new Set(
  words(`upgrade update rollback uninstall deploy rollout install restart revert downgrade
bump change set crash delete scale increase`),
);

// Before a noun: "the upgrade", "last rollback", "after the deploy".
export const DETERMINERS = new Set(
  words(`the a an this that last latest recent previous my our your its their his her bad
botched after since during before from pending failed stuck broken hung`),
);

// After a noun: "upgrade failed", "rollback is stuck", "rollback fixed it".
export const NOUN_FOLLOWERS = new Set(
  words(`is was has had failed fail fails failing stuck broke hung went did got keeps timed
status history done finished complete completed succeeded worked works happened go fixed
helped solved sorted resolved landed`),
);

// "do a rollback", "need an upgrade": the verb before the determiner restores the action.
export const ACTION_LEADS = new Set(
  words(`do get request make try attempt approve run perform trigger start kick need needs
want please initiate issue execute schedule plan prepare`),
);

// Counts people spell out ("scale to three", "go back two revisions").
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};
