import { useEffect, useState } from 'preact/hooks';
import { Field, FieldNotes, fieldIds } from '../ui/Field';
import { parseList, parseSecondsInput } from '../ui/field-errors';
import { formatSeconds } from '../ui/format';
import { t } from '../ui/i18n';

/** Field ids come from error paths, which may hold dots and other characters ids should not. */
export function idOf(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

/**
 * A number of seconds (or days, events…). Saved when the user commits it (change: blur or Enter);
 * the typed text stays while a reply says it is invalid, so the message and the mistake are side by side.
 */
export function NumberField({
  path,
  label,
  value,
  empty,
  unit = 'seconds',
  errors,
  onCommit,
}: {
  path: string;
  label: string;
  value: number | null | undefined;
  /** What an empty box means, in words ("never", "as the defaults"); absent: a value is required. */
  empty?: string;
  unit?: 'seconds' | 'days' | 'events';
  errors: string[];
  onCommit: (value: number | null | string) => void;
}) {
  const [text, setText] = useState(value == null ? '' : String(value));
  useEffect(() => setText(value == null ? '' : String(value)), [value]);
  const id = idOf(path);
  const parsed = parseSecondsInput(text);
  const hint =
    typeof parsed === 'number' && unit === 'seconds' && parsed > 0
      ? t('hint_seconds_is', [formatSeconds(parsed, t)])
      : parsed === null && empty
        ? empty
        : '';
  return (
    <Field id={id} label={label} hint={hint} errors={errors}>
      <input
        {...fieldIds(id, errors.length > 0)}
        type="text"
        inputMode="numeric"
        size={10}
        value={text}
        placeholder={empty ?? ''}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        onChange={(e) => onCommit(parseSecondsInput((e.currentTarget as HTMLInputElement).value))}
      />
      <span class="muted unit"> {t(`unit_word_${unit}`)}</span>
    </Field>
  );
}

/** A list of names, one per line or comma separated; saved on change. */
export function ListField({
  path,
  label,
  value,
  hint,
  errors,
  onCommit,
}: {
  path: string;
  label: string;
  value: string[] | undefined;
  hint: string;
  errors: string[];
  onCommit: (value: string[]) => void;
}) {
  const joined = (value ?? []).join('\n');
  const [text, setText] = useState(joined);
  useEffect(() => setText(joined), [joined]);
  const id = idOf(path);
  return (
    <Field id={id} label={label} hint={hint} errors={errors}>
      <textarea
        {...fieldIds(id, errors.length > 0)}
        rows={2}
        cols={30}
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        onChange={(e) => onCommit(parseList((e.currentTarget as HTMLTextAreaElement).value))}
      />
    </Field>
  );
}

export function CheckboxField({
  path,
  label,
  hint,
  checked,
  errors,
  onCommit,
}: {
  path: string;
  label: string;
  hint: string;
  checked: boolean;
  errors: string[];
  onCommit: (value: boolean) => void;
}) {
  const id = idOf(path);
  return (
    <div class={`field checkbox${errors.length > 0 ? ' has-error' : ''}`} data-field={id}>
      <input
        {...fieldIds(id, errors.length > 0)}
        type="checkbox"
        checked={checked}
        onChange={(e) => onCommit((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
      <FieldNotes id={id} hint={hint} errors={errors} />
    </div>
  );
}
