/** The hidden field a person never fills in; bots that fill every field are told they succeeded. */
export const HONEYPOT_FIELD = "website";

export function isHoneypotFilled(formData: FormData) {
  const value = formData.get(HONEYPOT_FIELD);
  return typeof value === "string" && value.trim() !== "";
}
