// App jobs are declared here (one `defineJob` per file under lib/jobs/, each imported below: name,
// schema, retries, flow control) and imported for their registration. Their handlers live on the
// domain side (lib/workers), so declaring a job imports no domain module.
import "./daily-run";
import "./user-check";
import "./digest-send";
import "./map-search";
import "./display-names";
import "./map-types";

export {};
