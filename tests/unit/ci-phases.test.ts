import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** scripts/support/phases.sh, which scripts/test.sh and .ci/run time their phases with. */
const phases = fileURLToPath(new URL("../../scripts/support/phases.sh", import.meta.url));

function run(body: string) {
  const script = `set -euo pipefail\nsource ${JSON.stringify(phases)}\n${body}`;
  const { status, stdout } = spawnSync("bash", ["-c", script], { encoding: "utf8" });
  return { status, lines: stdout.trimEnd().split("\n") };
}

describe("timed phases", () => {
  it("print each phase's duration as it ends, warn past a budget, and sum up at the end", () => {
    const { status, lines } = run(`phases_start "demo" 0\nphase 60 "quick" "does nothing"\nphase 0 "slow"\nsleep 1`);
    expect(status).toBe(0);
    expect(lines).toEqual([
      "▶ quick: does nothing",
      "⏱ quick took 0m00s: ok",
      "▶ slow",
      expect.stringMatching(/^⏱ slow took 0m0[12]s: ok$/),
      expect.stringMatching(/^⚠ slow took 0m0[12]s, over its budget of 0m00s$/),
      "",
      "demo, phase by phase:",
      expect.stringMatching(/^phase +took +budget +result$/),
      expect.stringMatching(/^quick +0m00s +1m00s +ok$/),
      expect.stringMatching(/^slow +0m0[12]s +0m00s +ok$/),
      expect.stringMatching(/^total +0m0[12]s +0m00s$/),
      expect.stringMatching(/^⚠ demo took 0m0[12]s, over its budget of 0m00s$/),
    ]);
  });

  it("still sum up when a phase fails, marking it, and keep its exit status", () => {
    const { status, lines } = run(`phases_start "demo" 60\nphase 60 "passes"\nphase 60 "fails"\nexit 3\nphase 60 "never"`);
    expect(status).toBe(3);
    expect(lines).toContain("⏱ fails took 0m00s: failed (exit 3)");
    expect(lines.filter((line) => /^(passes|fails|never) /.test(line))).toEqual([
      expect.stringMatching(/^passes +0m00s +1m00s +ok$/),
      expect.stringMatching(/^fails +0m00s +1m00s +failed \(exit 3\)$/),
    ]);
  });
});
