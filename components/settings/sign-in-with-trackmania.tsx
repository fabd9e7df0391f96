import { SubmitButton } from "@/components/ui/submit-button";
import { signInWithTrackmaniaAction } from "@/lib/actions/settings";
import { trackmaniaSignInErrors } from "@/lib/auth/trackmania-provider";

/**
 * "Sign in with Trackmania", for the sign-in page: the button, and why the last attempt came back
 * (`?error=` from the Trackmania round trip, e.g. no Trackwatch account has linked that account yet).
 */
export function SignInWithTrackmania({ next, error }: { next?: string; error?: string }) {
  const message = error ? trackmaniaSignInErrors[error] : undefined;
  return (
    <div className="space-y-3">
      {message ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {message}
        </p>
      ) : null}
      <form action={signInWithTrackmaniaAction}>
        <input type="hidden" name="next" value={next ?? ""} />
        <SubmitButton className="w-full" pendingText="Opening Trackmania…">
          Sign in with Trackmania
        </SubmitButton>
      </form>
      <p className="text-center text-xs text-slate-500">Works once you have linked your Trackmania account in settings.</p>
    </div>
  );
}
