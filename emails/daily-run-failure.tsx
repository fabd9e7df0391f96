import { ActionButton, EmailHeading, EmailLayout, Paragraph } from "./components/layout";

export type DailyRunFailureProps = {
  slot: string;
  /** Why the alert fired, in a sentence: "The run failed." / "12% of its sends failed (the alert is set at 10%)." */
  why: string;
  usersDue: number;
  usersChecked: number;
  checksFailed: number;
  emailsSent: number;
  emailsFailed: number;
  /** The first errors, one line each. */
  errors: string[];
  runUrl: string;
};

export function dailyRunFailureSubject(slot: string): string {
  return `Trackwatch daily run ${slot} needs a look`;
}

/** Realistic data for the React Email preview and for tests. */
export const previewProps: DailyRunFailureProps = {
  slot: "2026-11-25T07Z",
  why: "3 of its 20 checks failed (15%; the alert is set at 10%), and the run is marked failed.",
  usersDue: 20,
  usersChecked: 17,
  checksFailed: 3,
  emailsSent: 14,
  emailsFailed: 0,
  errors: [
    "User cm3x9a2k40001: check failed after 4 attempt(s): Trackmania's services did not answer as expected (503).",
    "User cm3x9a2k40007: check failed after 4 attempt(s): Trackmania's services did not answer as expected (503).",
  ],
  runUrl: "http://localhost:3000/admin/daily-runs/cm3x9a1zz0000",
};

export function DailyRunFailure({
  slot = previewProps.slot,
  why = previewProps.why,
  usersDue = previewProps.usersDue,
  usersChecked = previewProps.usersChecked,
  checksFailed = previewProps.checksFailed,
  emailsSent = previewProps.emailsSent,
  emailsFailed = previewProps.emailsFailed,
  errors = previewProps.errors,
  runUrl = previewProps.runUrl,
}: DailyRunFailureProps) {
  return (
    <EmailLayout
      preview={`Daily run ${slot}: ${why}`}
      reason="You get this because you are an admin of Trackwatch. One email at most per daily run; the threshold is on the Limits page."
    >
      <EmailHeading>Daily run {slot} needs a look</EmailHeading>
      <Paragraph>{why}</Paragraph>
      <Paragraph>
        Users due: {usersDue} · checked: {usersChecked} · checks failed: {checksFailed}
        <br />
        Digests sent: {emailsSent} · sends failed: {emailsFailed}
      </Paragraph>
      {errors.length > 0 ? (
        <Paragraph>
          First errors:
          {errors.map((error) => (
            <span key={error}>
              <br />- {error}
            </span>
          ))}
        </Paragraph>
      ) : null}
      <ActionButton href={runUrl}>Open the run</ActionButton>
    </EmailLayout>
  );
}

// React Email's preview server renders the default export with these.
DailyRunFailure.PreviewProps = previewProps;

export default DailyRunFailure;
