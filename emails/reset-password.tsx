import { ActionButton, EmailHeading, EmailLayout, Paragraph } from "./components/layout";

export type ResetPasswordProps = {
  resetUrl: string;
  expiresInMinutes: number;
};

export const subject = "Reset your Trackwatch password";

/** Realistic data for the React Email preview and for tests. */
export const previewProps: ResetPasswordProps = {
  resetUrl: "http://localhost:3000/reset-password?token=4b1d8e2f6a9c4c3e8f0a2b5d7c9e1f3a",
  expiresInMinutes: 60,
};

export function ResetPassword({
  resetUrl = previewProps.resetUrl,
  expiresInMinutes = previewProps.expiresInMinutes,
}: ResetPasswordProps) {
  return (
    <EmailLayout
      preview="A link to choose a new password for Trackwatch."
      reason="You get this email because a password reset was requested for this address on Trackwatch."
    >
      <EmailHeading>Reset your password</EmailHeading>
      <Paragraph>Someone, hopefully you, asked to reset the password of the Trackwatch account for this address.</Paragraph>
      <ActionButton href={resetUrl}>Choose a new password</ActionButton>
      <Paragraph>
        This link expires in {expiresInMinutes} {expiresInMinutes === 1 ? "minute" : "minutes"} and works once. If you
        did not ask for it, ignore this email: your password stays as it is.
      </Paragraph>
    </EmailLayout>
  );
}

// React Email's preview server renders the default export with these.
ResetPassword.PreviewProps = previewProps;

export default ResetPassword;
