import type { ReactNode } from "react";

/**
 * A table that may be wider than the page's column: it scrolls sideways inside this box instead of
 * widening the page. The box is a named region in the tab order (tabIndex 0), so a keyboard user
 * can focus it and scroll with the arrow keys; axe requires that of a scrollable region.
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
