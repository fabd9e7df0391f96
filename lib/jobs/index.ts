// App jobs are declared here (one `defineJob` per file under lib/jobs/, each imported below) and
// imported for their registration: the QStash callback route imports this module, and the
// in-process runner and embedded scheduler load it through `loadJobs()` in lib/queue/registry.ts.
import "./daily-run";
import "./user-check";
import "./digest-send";
import "./map-search";
import "./display-names";
import "./map-types";

export {};
