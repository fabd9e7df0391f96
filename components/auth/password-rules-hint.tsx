import { passwordRules } from "@/lib/accounts/password-rules";

/** The rules a new password must meet, shown beside the field before anything is submitted. */
export function PasswordRulesHint() {
  return (
    <ul className="list-disc pl-4">
      {passwordRules.map((rule) => (
        <li key={rule}>{rule}</li>
      ))}
    </ul>
  );
}
