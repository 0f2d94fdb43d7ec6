import type { SessionState } from '../core/contract';
import { t } from './i18n';

/** The state as a word and a colour, never a colour alone. */
export function StateChip({ state }: { state: SessionState }) {
  return <span class={`chip chip-${state}`}>{t(`state_${state}`)}</span>;
}
