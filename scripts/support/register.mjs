// Lets npm scripts (run with tsx, outside Next) import app modules that start with `import "server-only"`:
// that package throws outside React's server bundles, so scripts resolve it to an empty module.
import { register } from "node:module";

register("./server-only-hook.mjs", import.meta.url);
