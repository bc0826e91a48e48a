const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML, in an element or a quoted attribute: the one escaper of HTML written by hand (mail, the embed, snippets). */
export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => entities[c]);
}
