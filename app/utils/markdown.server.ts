import MarkdownIt from "markdown-it";
import { singleton } from "./singleton.server";

// Raw HTML off: a letter can never carry a script or a style into the page.
const md = singleton("markdown", () => new MarkdownIt({ html: false, linkify: true, typographer: true }));

export function renderMarkdown(source: string) {
  return md.render(source);
}
