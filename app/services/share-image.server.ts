import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import satori from "satori";
import { getT } from "~/i18n";
import { getCampaignBySlug, listCampaignTexts } from "~/models/campaigns.server";
import type { Language } from "~/utils/db.server";
import { notFound } from "~/utils/domain-error";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { getCampaignCount } from "./counting.server";
import { isPublicStatus, shownLanguage } from "./campaigns.server";

// The picture a link to a campaign shows on social media and in chat apps (og:image): 1,200 × 630
// PNG with the title, the count, the goal and the site's name, drawn here with satori (layout and
// text to SVG) and resvg (SVG to PNG) in DejaVu Sans, which has every Welsh letter (ŵ, ŷ).
//
// Drawing costs a few hundred milliseconds of CPU, and in a spike every share is fetched by many
// crawlers at once, so the last picture of each campaign and page language is kept in memory with
// the title, count and goal it shows. It is drawn again when the title or goal changed, or when
// the count has moved — but not more than once every SHARE_IMAGE_REDRAW_SECONDS (30 s by default)
// per picture: under a spike the count on the picture trails the real one by that much at most.
// One drawing at a time per picture; everyone else waits for it. Each process keeps its own.

export const WIDTH = 1200;
export const HEIGHT = 630;

/** Colours with AA contrast on white: text 19.8:1, muted text 7:1, the site's blue 5.2:1. */
const INK = "#0b0c0c";
const MUTED = "#505a5f";
const BLUE = "#1d70b8";

/** Pictures kept: a campaign in each language, for the busiest campaigns. */
const KEPT = 500;

interface Drawn {
  png: Buffer;
  title: string;
  count: number;
  goal: number | null;
  drawnAt: number;
}

const pictures = new Map<string, Drawn>();
const drawing = new Map<string, Promise<Drawn>>();

let fonts: { name: string; data: Buffer; weight: 400 | 700; style: "normal" }[] | undefined;

/** DejaVu Sans, regular and bold, read from node_modules once. */
function loadFonts() {
  if (!fonts) {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
    fonts = [
      { name: "DejaVu Sans", data: fs.readFileSync(path.join(dir, "DejaVuSans.ttf")), weight: 400, style: "normal" },
      { name: "DejaVu Sans", data: fs.readFileSync(path.join(dir, "DejaVuSans-Bold.ttf")), weight: 700, style: "normal" },
    ];
  }
  return fonts;
}

type Node = { type: string; props: { style: Record<string, string | number>; children?: string | Node | Node[] } };
const box = (style: Node["props"]["style"], children?: Node["props"]["children"]): Node => ({ type: "div", props: { style, children } });

/**
 * The title's size for its length, and how many lines fit at that size: a short title large, a
 * long one smaller, and past that many lines it ends in an ellipsis after the last whole word.
 */
export function titleSize(title: string) {
  const length = [...title].length;
  if (length <= 40) return { fontSize: 76, lines: 4 };
  if (length <= 80) return { fontSize: 64, lines: 4 };
  if (length <= 130) return { fontSize: 54, lines: 5 };
  return { fontSize: 46, lines: 6 };
}

/** The picture, drawn: what every caller of getShareImage shares. */
export async function drawShareImage({ title, countText, goalText, siteName }: { title: string; countText: string; goalText: string | null; siteName: string }) {
  const { fontSize, lines } = titleSize(title);
  const tree = box(
    {
      width: WIDTH,
      height: HEIGHT,
      display: "flex",
      flexDirection: "column",
      justifyContent: "space-between",
      boxSizing: "border-box",
      padding: 64,
      borderTop: `24px solid ${BLUE}`,
      backgroundColor: "#ffffff",
      color: INK,
      fontFamily: "DejaVu Sans",
    },
    [
      box({ display: "flex", flexDirection: "column", flexGrow: 1, flexShrink: 1, overflow: "hidden", paddingBottom: 24 }, [
        // Wraps between words; a single word wider than the picture is the only one ever broken.
        box({ display: "block", fontSize, fontWeight: 700, lineHeight: 1.15, lineClamp: lines, wordBreak: "break-word" }, title),
      ]),
      box({ display: "flex", justifyContent: "space-between", alignItems: "flex-end" }, [
        box({ display: "flex", flexDirection: "column" }, [
          box({ fontSize: 48, fontWeight: 700 }, countText),
          ...(goalText ? [box({ fontSize: 30, color: MUTED, marginTop: 4 }, goalText)] : []),
        ]),
        box({ fontSize: 32, fontWeight: 700, color: BLUE }, siteName),
      ]),
    ],
  );
  // satori's types want React elements; its runtime reads exactly this shape of plain objects.
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], { width: WIDTH, height: HEIGHT, fonts: loadFonts() });
  return new Resvg(svg, { fitTo: { mode: "original" } }).render().asPng();
}

/**
 * A public campaign's share picture in a page language (its title in that language where the
 * campaign has it, the page language's words for the count): kept, or drawn again as above.
 * A draft, one under review or an unknown slug is not found.
 */
export async function getShareImage({ slug, language: pageLanguage, at = Date.now() }: { slug: string; language: Language; at?: number }) {
  const campaign = await getCampaignBySlug({ slug });
  if (!campaign || !isPublicStatus(campaign.status)) throw notFound();
  const language = shownLanguage(campaign, pageLanguage);
  const [texts, counted] = await Promise.all([listCampaignTexts({ campaignIds: [campaign.id] }), getCampaignCount({ slug })]);
  const title = texts.find((text) => text.language === language)?.title.trim() || campaign.title;
  const count = counted?.count ?? 0;
  const goal = campaign.goal;

  const key = `${campaign.id}:${pageLanguage}`;
  const kept = pictures.get(key);
  const same = kept && kept.title === title && kept.goal === goal;
  if (same && (kept.count === count || at - kept.drawnAt < env.SHARE_IMAGE_REDRAW_SECONDS * 1000)) return kept.png;

  let pending = drawing.get(key);
  if (!pending) {
    pending = (async () => {
      const t = getT(pageLanguage);
      const started = performance.now();
      const png = await drawShareImage({
        title,
        countText: t("home.signatures", { count }),
        goalText: goal ? t("campaign.goal", { goal }) : null,
        siteName: t("site.name"),
      });
      const ms = Math.round(performance.now() - started);
      logger.info({ slug, language: pageLanguage, count, ms, bytes: png.length }, `Share image drawn in ${ms} ms`);
      const drawn = { png, title, count, goal, drawnAt: at };
      pictures.delete(key);
      pictures.set(key, drawn);
      // The least recently drawn goes first when too many are kept.
      if (pictures.size > KEPT) pictures.delete(pictures.keys().next().value!);
      return drawn;
    })().finally(() => drawing.delete(key));
    drawing.set(key, pending);
  }
  return (await pending).png;
}
