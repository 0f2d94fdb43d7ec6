/**
 * Shortens text to at most `max` characters, ending in an ellipsis when cut. For places that cannot
 * wrap or clip by CSS (SVG labels); the full text goes in a title beside it. Counts code points, so
 * an emoji or other astral character is never split in half.
 */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 0) return '';
  return `${chars.slice(0, max - 1).join('')}…`;
}
