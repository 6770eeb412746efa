/** The first entry of a comma-separated forwarding header (`X-Forwarded-For`, `X-Forwarded-Proto`), trimmed. */
export function firstForwarded(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const comma = value.indexOf(',');
  const first = (comma === -1 ? value : value.slice(0, comma)).trim();
  return first.length > 0 ? first : undefined;
}
