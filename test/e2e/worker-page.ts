import { expect, type Page } from '@playwright/test';

/** Page object for the worker banner, the toasts, the Activity filters and the Simulator panel. */
export class WorkerPage {
  constructor(readonly page: Page) {}

  get banner() {
    return this.page.getByTestId('worker-banner');
  }

  get title() {
    return this.banner.getByTestId('worker-title');
  }

  get countdown() {
    return this.banner.getByTestId('snooze-countdown');
  }

  get simulator() {
    return this.page.getByTestId('panel-simulator');
  }

  toast(text: string | RegExp) {
    return this.page.getByTestId('toasts').getByTestId('toast').filter({ hasText: text });
  }

  /** Opens the Snooze menu and picks a length with the keyboard only. */
  async snoozeWithKeyboard(optionIndex: number): Promise<void> {
    await this.banner.getByTestId('snooze-button').focus();
    await this.page.keyboard.press('ArrowDown');
    await expect(this.page.getByRole('menu', { name: 'Snooze for' })).toBeVisible();
    for (let i = 0; i < optionIndex; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
  }

  async filterActivity(kind: string): Promise<void> {
    const chip = this.page.getByTestId(`activity-filter-${kind}`);
    await chip.click();
    await expect(chip).toHaveAttribute('aria-pressed', 'true');
  }

  simDevice(name: string) {
    return this.simulator.getByTestId('sim-device').filter({ hasText: name });
  }
}
