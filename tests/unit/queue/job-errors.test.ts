import { describe, expect, it } from "vitest";
import { NonRetryableJobError, RetryLaterError } from "@/lib/queue/types";

// Next bundles instrumentation.ts (which starts the in-process runner) apart from the routes whose
// job handlers throw, so the runner can meet a job error made by another copy of these classes.
describe("job errors", () => {
  it("are recognised by instanceof even when made by another copy of the class", async () => {
    const copy = (await import(`@/lib/queue/types?copy=${Date.now()}`)) as typeof import("@/lib/queue/types");
    expect(copy.NonRetryableJobError).not.toBe(NonRetryableJobError);
    const gone = new copy.NonRetryableJobError("map search x no longer exists");
    expect(gone).toBeInstanceOf(NonRetryableJobError);
    expect(gone).not.toBeInstanceOf(RetryLaterError);
    expect(new copy.RetryLaterError("held elsewhere")).toBeInstanceOf(RetryLaterError);
    expect(new Error("plain")).not.toBeInstanceOf(NonRetryableJobError);
    expect(gone).toBeInstanceOf(Error);
    expect(gone.name).toBe("NonRetryableJobError");
  });
});
