import type { ReactNode } from "react";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/** The dispatch of the look-up's useActionState (MapLookup). */
export type LookupAction = (formData: FormData) => void;

/**
 * The two ways to look for a map, both posted to lookUpWatchMapAction (so they work without JavaScript,
 * and no address can run a look-up): a name, link, uid or TMX id; or a mapper whose maps to pick from.
 */
export function FindMapForm({ action, query, errors, hint }: { action: LookupAction; query: string; errors?: string[]; hint: ReactNode }) {
  return (
    <form action={action} className="space-y-3" aria-label="Find a map" noValidate>
      <input type="hidden" name="intent" value="find" />
      <Field
        name="query"
        label="Map name, link, uid or TMX id"
        placeholder="e.g. Winter 2027 - 04, or a trackmania.exchange link"
        autoComplete="off"
        defaultValue={query}
        maxLength={300}
        errors={errors}
        hint={hint}
      />
      <SubmitButton pendingText="Looking…">Find map</SubmitButton>
    </form>
  );
}

export function MapperMapsForm({ action, mapper, errors }: { action: LookupAction; mapper: string; errors?: string[] }) {
  return (
    <form action={action} className="space-y-3" aria-label="Pick from a mapper's maps" noValidate>
      <input type="hidden" name="intent" value="mapper" />
      <Field
        name="mapper"
        label="Mapper's Trackmania name"
        placeholder="e.g. SmallMapperSam"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={mapper}
        maxLength={64}
        errors={errors}
      />
      <SubmitButton pendingText="Looking…">Show their maps</SubmitButton>
    </form>
  );
}
