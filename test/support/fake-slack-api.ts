// Moved to src/playground/ (the playground ships in the image); tests keep importing it from here.
export * from "../../src/playground/fake-slack-api.ts";
