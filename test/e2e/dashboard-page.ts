import { expect, type Page } from '@playwright/test';
import type { ComputeMode } from '../../src/shared/modes.js';

/** Page object for the dashboard: what a user sees and does, by role and test id. */
export class DashboardPage {
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => this.consoleErrors.push(err.message));
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  modeButton(mode: ComputeMode) {
    return this.page.getByTestId(`mode-${mode}`);
  }

  async selectedMode(): Promise<string | null> {
    return this.page.getByRole('radiogroup', { name: 'Compute mode' }).getByRole('radio', { checked: true }).textContent();
  }

  async switchMode(mode: ComputeMode): Promise<void> {
    await this.modeButton(mode).click();
    await expect(this.modeButton(mode)).toHaveAttribute('aria-checked', 'true');
  }

  panel(name: 'nearby' | 'credits' | 'model' | 'activity' | 'routing' | 'local-api') {
    return this.page.getByTestId(`panel-${name}`);
  }
}
