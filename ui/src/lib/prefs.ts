// What the UI remembers by itself (not in the database): the text size.
export type TextSize = 'normal' | 'large' | 'xlarge';
const KEY = 'poskeeper.textSize';
export const ZOOM: Record<TextSize, number> = { normal: 1, large: 1.15, xlarge: 1.3 };

export function loadTextSize(): TextSize {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'large' || v === 'xlarge') return v;
  } catch {
    // No storage: normal size.
  }
  return 'normal';
}

export function applyTextSize(size: TextSize) {
  try {
    if (size === 'normal') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, size);
  } catch {
    // Not fatal.
  }
  // Zoom scales everything (text, buttons, spacing) together, so layouts keep their proportions.
  // Normal size sets no zoom at all (WebKitGTK mis-sizes some buttons under any zoom at start-up).
  if (size === 'normal') document.documentElement.style.removeProperty('zoom');
  else document.documentElement.style.setProperty('zoom', String(ZOOM[size]));
}
