// Masks for what public pages may show about a person.

/** 张三丰 → 张**: enough for the holder to recognise, too little to identify anyone. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Only the last four characters of a document number: ************1234. */
export function maskDocLast4(last4: string | null | undefined, length = 18): string | null {
  if (!last4) return null;
  return '*'.repeat(Math.max(0, length - last4.length)) + last4;
}

/** Only the last four digits of a phone number: *******5678. */
export function maskPhone(last4: string | null | undefined): string | null {
  return last4 ? `*******${last4}` : null;
}
