/** What an email needs to know about its reader to greet them: the user row's own fields. */
export type GreetingReader = { name: string | null; tmDisplayName: string | null; email: string };

/**
 * The name every email greets its reader by ("Hi Sam,"), the promise Settings makes under Display
 * name ("What Trackwatch calls you in the app and in emails"): the display name from Settings, else
 * the Trackmania name, else the address's local part. Blank names count as unset.
 */
export function greetingName({ name, tmDisplayName, email }: GreetingReader): string {
  const at = email.lastIndexOf("@");
  return name?.trim() || tmDisplayName?.trim() || (at > 0 ? email.slice(0, at) : email);
}
