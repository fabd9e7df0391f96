import { Button } from "@/components/ui/button";
import { signOutEverywhereAction } from "@/lib/actions/account";

/** For the settings page: ends every session of the account, this one included. */
export function SignOutEverywhereForm() {
  return (
    <form action={signOutEverywhereAction} className="space-y-3">
      <p className="text-sm text-slate-600">
        Lost a device or signed in on a shared computer? This signs you out on every device, this one included.
      </p>
      <Button type="submit" variant="secondary">
        Sign out everywhere
      </Button>
    </form>
  );
}
