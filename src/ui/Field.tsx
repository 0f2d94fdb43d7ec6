import type { ComponentChildren } from 'preact';

/**
 * A labelled form control with its hint and its validation messages right beside it. The control
 * itself is rendered by the caller with `id` and `aria-describedby` from `fieldIds`.
 */
export function fieldIds(id: string, hasErrors: boolean) {
  return {
    id,
    'aria-describedby': hasErrors ? `${id}-err ${id}-hint` : `${id}-hint`,
    'aria-invalid': hasErrors ? ('true' as const) : undefined,
  };
}

export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: string;
  hint?: ComponentChildren;
  errors: string[];
  children: ComponentChildren;
}) {
  return (
    <div class={`field${errors.length > 0 ? ' has-error' : ''}`} data-field={id}>
      <label for={id}>{label}</label>
      {children}
      <FieldNotes id={id} hint={hint} errors={errors} />
    </div>
  );
}

/** The hint and the validation messages of a field, with the ids its control's aria-describedby names. */
export function FieldNotes({ id, hint, errors }: { id: string; hint?: ComponentChildren; errors: string[] }) {
  return (
    <>
      <div id={`${id}-hint`} class="hint muted">
        {hint}
      </div>
      {errors.length > 0 ? (
        <div id={`${id}-err`} class="field-error error" role="alert">
          {errors.join(' · ')}
        </div>
      ) : null}
    </>
  );
}
