/**
 * Brings a dashboard panel into view and moves keyboard focus to it (a banner action's target).
 * Answers false when the panel is not on the page, so the caller can explain instead.
 */
export function focusPanel(testId: string): boolean {
  const panel = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!panel) return false;
  // A panel takes focus programmatically only; a button or link already can.
  if (panel.tabIndex < 0 && !panel.hasAttribute('tabindex')) panel.setAttribute('tabindex', '-1');
  panel.scrollIntoView({ block: 'start' });
  panel.focus({ preventScroll: true });
  return true;
}
