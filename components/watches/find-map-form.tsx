import Form from "next/form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

/**
 * The two ways to look for a map, as plain GET forms on /watches (the address carries the search, so
 * it works without JavaScript and the back button returns to it): a name, link, uid or TMX id; or a
 * mapper whose maps to pick from.
 */
export function FindMapForm({ query, errors }: { query: string; errors?: string[] }) {
  return (
    <Form action="/watches" className="space-y-3" aria-label="Find a map">
      <Field
        name="q"
        label="Map name, link, uid or TMX id"
        placeholder="e.g. Winter 2027 - 04, or a trackmania.exchange link"
        autoComplete="off"
        defaultValue={query}
        maxLength={300}
        errors={errors}
        hint="Links from trackmania.exchange (mapshow, maps, s/tr) and trackmania.io leaderboards work; words search Trackmania Exchange by name."
      />
      <SubmitButton pendingText="Looking…">Find map</SubmitButton>
    </Form>
  );
}

export function MapperMapsForm({ mapper, errors }: { mapper: string; errors?: string[] }) {
  return (
    <Form action="/watches" className="space-y-3" aria-label="Pick from a mapper's maps">
      <Field name="mapper" label="Mapper's Trackmania name" placeholder="e.g. SmallMapperSam" autoComplete="off" defaultValue={mapper} maxLength={64} errors={errors} />
      <SubmitButton pendingText="Looking…">Show their maps</SubmitButton>
    </Form>
  );
}
