/**
 * An Easy Read letter as it reads: a list of rows, each its picture on the left and a short text
 * on the right. `labelledBy` names the heading the list belongs to; `lang` the letter's language
 * where it is not the page's.
 */
export function EasyReadRows({
  rows,
  labelledBy,
  lang,
}: {
  rows: { text: string; src: string | undefined | null; alt: string }[];
  labelledBy?: string;
  lang?: string;
}) {
  return (
    <ul className="easy-read-rows" aria-labelledby={labelledBy} lang={lang}>
      {rows.map((row, index) => (
        <li key={index} className="easy-read-row">
          {row.src ? <img src={row.src} alt={row.alt} width={120} height={120} /> : null}
          <p>{row.text}</p>
        </li>
      ))}
    </ul>
  );
}
