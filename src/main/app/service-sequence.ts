import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';

/**
 * Starts services in order and stops the ones that started in reverse. A service that fails to start
 * stops the sequence there (start() rejects; stop() still stops those already started); a service that
 * fails to stop is logged and the others still stop.
 */
export class ServiceSequence {
  private readonly started: Service[] = [];

  constructor(
    private readonly services: readonly Service[],
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    for (const service of this.services) {
      await service.start();
      this.started.push(service);
      this.logger.log('debug', 'service.started', { service: service.name });
    }
  }

  async stop(): Promise<void> {
    while (this.started.length) {
      const service = this.started.pop();
      if (!service) break;
      try {
        await service.stop();
      } catch (err) {
        this.logger.log('error', 'service.stop_failed', { service: service.name, message: String(err) });
      }
    }
  }
}
